import { Module } from '@nestjs/common';

/** The health service: what it reacts to is listed by its handlers. */
@Module({})
export class HealthModule {}
