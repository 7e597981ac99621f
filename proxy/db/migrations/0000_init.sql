CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conflicts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"object_type" text NOT NULL,
	"record_id" text NOT NULL,
	"customer_key" text,
	"field" text NOT NULL,
	"crm_fields" jsonb NOT NULL,
	"crm_value" text NOT NULL,
	"chat_value" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"resolution" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"object_type" text NOT NULL,
	"record_id" text NOT NULL,
	"field" text NOT NULL,
	"chat_value" text NOT NULL,
	"crm_value" text NOT NULL,
	"pair_hash" text NOT NULL,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "history" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"customer_key" text,
	"provider" text,
	"object_type" text,
	"record_id" text,
	"summary" text NOT NULL,
	"actor" text,
	"api_key_id" uuid,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"api_key_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
CREATE TABLE "links" (
	"provider" text NOT NULL,
	"customer_key" text NOT NULL,
	"object_type" text NOT NULL,
	"record_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "links_provider_customer_key_pk" PRIMARY KEY("provider","customer_key")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_uq" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "conflicts_one_pending_uq" ON "conflicts" USING btree ("provider","object_type","record_id","field") WHERE "conflicts"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "conflicts_record_idx" ON "conflicts" USING btree ("provider","record_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "decisions_pair_uq" ON "decisions" USING btree ("provider","object_type","record_id","field","pair_hash");--> statement-breakpoint
CREATE INDEX "history_customer_at_idx" ON "history" USING btree ("customer_key","at");--> statement-breakpoint
CREATE INDEX "history_record_at_idx" ON "history" USING btree ("provider","record_id","at");--> statement-breakpoint
CREATE INDEX "idempotency_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "links_record_idx" ON "links" USING btree ("provider","record_id");