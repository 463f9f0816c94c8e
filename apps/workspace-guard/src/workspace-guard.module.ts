import { Module } from '@nestjs/common';

/** The workspace-guard service: what it reacts to is listed by its handlers. */
@Module({})
export class WorkspaceGuardModule {}
