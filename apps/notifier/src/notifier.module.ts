import { Module } from '@nestjs/common';

/** The notifier service: what it reacts to is listed by its handlers. */
@Module({})
export class NotifierModule {}
