import { Module } from '@nestjs/common';

/** The clock service: what it reacts to is listed by its handlers. */
@Module({})
export class ClockModule {}
