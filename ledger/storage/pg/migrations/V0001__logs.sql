-- The registry of logs hosted by this server: one append-only log per jurisdiction (SPEC §2).
-- The log's checkpoint-signing key lives in a key file; only its public verifier key is here.
CREATE TABLE logs (
  log_id        integer     PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  origin        text        NOT NULL UNIQUE CHECK (origin ~ '^[^ +]+$'),
  verifier_key  text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
