import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform's tables as platform-schema.md describes them. IF NOT EXISTS throughout: on the live
 * platform database every statement is a no-op.
 */
export class PlatformTables1767225600000 implements MigrationInterface {
  name = 'PlatformTables1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS companies (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL UNIQUE,
        subdomain varchar(50) NOT NULL UNIQUE,
        plan varchar(20) NOT NULL DEFAULT 'starter',
        status varchar(20) NOT NULL DEFAULT 'active',
        max_workspaces integer NOT NULL DEFAULT 1,
        preferred_currency varchar(3) NOT NULL DEFAULT 'TRY',
        created_at timestamp NOT NULL,
        updated_at timestamp NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS users (
        id serial PRIMARY KEY,
        email varchar(120) NOT NULL UNIQUE,
        full_name varchar(100) NOT NULL,
        role varchar(20) NOT NULL DEFAULT 'member',
        is_active boolean NOT NULL DEFAULT true,
        company_id integer NOT NULL REFERENCES companies (id),
        password_hash varchar(255) NOT NULL,
        created_at timestamp,
        updated_at timestamp,
        last_login timestamp
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS subscriptions (
        id serial PRIMARY KEY,
        company_id integer NOT NULL UNIQUE REFERENCES companies (id),
        plan varchar(20) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'trial',
        trial_starts_at timestamp,
        trial_ends_at timestamp,
        current_period_start timestamp,
        current_period_end timestamp,
        paytr_subscription_id varchar(100) UNIQUE,
        cancel_at_period_end boolean NOT NULL DEFAULT false,
        cancelled_at timestamp,
        created_at timestamp NOT NULL,
        updated_at timestamp NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS workspaces (
        id serial PRIMARY KEY,
        name varchar(100) NOT NULL,
        subdomain varchar(50) NOT NULL UNIQUE,
        linux_username varchar(50) NOT NULL UNIQUE,
        port integer NOT NULL UNIQUE,
        code_server_password varchar(255) NOT NULL,
        status varchar(20) NOT NULL DEFAULT 'pending',
        is_running boolean NOT NULL DEFAULT false,
        last_started_at timestamp,
        last_stopped_at timestamp,
        disk_quota_gb integer NOT NULL DEFAULT 10,
        company_id integer NOT NULL REFERENCES companies (id),
        owner_id integer NOT NULL REFERENCES users (id),
        created_at timestamp NOT NULL,
        updated_at timestamp NOT NULL,
        UNIQUE (company_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS payments (
        id serial PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies (id),
        subscription_id integer REFERENCES subscriptions (id),
        paytr_merchant_oid varchar(100) NOT NULL UNIQUE,
        paytr_transaction_id varchar(100),
        amount integer NOT NULL,
        currency varchar(3) NOT NULL DEFAULT 'USD',
        plan varchar(20),
        status varchar(20) NOT NULL DEFAULT 'pending',
        payment_type varchar(20) NOT NULL,
        failure_reason_code varchar,
        failure_reason_message varchar,
        test_mode boolean NOT NULL DEFAULT true,
        created_at timestamp,
        completed_at timestamp,
        updated_at timestamp
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS invoices (
        id serial PRIMARY KEY,
        company_id integer NOT NULL REFERENCES companies (id),
        payment_id integer UNIQUE REFERENCES payments (id),
        invoice_number varchar(50) NOT NULL UNIQUE,
        subtotal integer NOT NULL,
        tax_amount integer NOT NULL,
        total_amount integer NOT NULL,
        currency varchar(3) NOT NULL,
        period_start timestamp NOT NULL,
        period_end timestamp NOT NULL,
        invoice_date timestamp NOT NULL,
        due_date timestamp NOT NULL,
        paid_at timestamp,
        status varchar(20) NOT NULL DEFAULT 'draft',
        description text,
        notes text,
        created_at timestamp NOT NULL,
        updated_at timestamp NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS email_logs (
        id serial PRIMARY KEY,
        "timestamp" timestamp NOT NULL,
        user_id integer REFERENCES users (id),
        company_id integer REFERENCES companies (id),
        email_type varchar(50) NOT NULL,
        recipient_email varchar(255) NOT NULL,
        subject text,
        content_hash varchar(64),
        sent_at timestamp NOT NULL,
        delivery_status varchar(20) DEFAULT 'sent',
        mailjet_message_id varchar(100),
        opened_at timestamp,
        clicked_at timestamp
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS audit_logs (
        id bigserial PRIMARY KEY,
        "timestamp" timestamp NOT NULL,
        user_id integer,
        company_id integer,
        action_type varchar(50) NOT NULL,
        resource_type varchar(50),
        resource_id integer,
        details json,
        success boolean DEFAULT true,
        error_message text,
        ip_address varchar(45),
        user_agent varchar(500),
        request_method varchar(10),
        request_path varchar(500)
      )`);
  }

  async down(): Promise<void> {
    // The platform owns these tables; reverting this project never drops them.
  }
}
