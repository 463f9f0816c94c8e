import { Module } from '@nestjs/common';

/** The billing service: what it reacts to is listed by its handlers. */
@Module({})
export class BillingModule {}
