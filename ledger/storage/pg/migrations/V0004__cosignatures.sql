-- Witnesses' cosignatures of the log's checkpoints (ledger/storage/cosignature_store.h,
-- docs/FORMATS.md §3 and §20). They lie beside the log: no leaf, proof or root covers them, and
-- the server verified each one before storing it. GetCheckpoint serves a checkpoint with the
-- cosignature lines of its row here appended.
--
-- A witness's first cosignature of a checkpoint is kept (cosignatures_pkey): a note carries at
-- most one signature line per (key name, key id), and a later cosignature of the same checkpoint
-- says nothing more. Constraint names are referred to by pg_cosignature_store.cc.
CREATE TABLE cosignatures (
  log_id         integer     NOT NULL,
  tree_size      bigint      NOT NULL,
  witness_name   text        NOT NULL CHECK (witness_name <> '' AND witness_name !~ '[[:space:]+]'),
  witness_key_id bigint      NOT NULL CHECK (witness_key_id BETWEEN 0 AND 4294967295),
  witness_key    text        NOT NULL,
  -- The 8-byte big-endian timestamp and the 64-byte Ed25519 signature, as on the signature line.
  signature      bytea       NOT NULL CHECK (length(signature) = 72),
  timestamp_s    bigint      NOT NULL CHECK (timestamp_s >= 0),
  received_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT cosignatures_pkey PRIMARY KEY (log_id, tree_size, witness_name, witness_key_id),
  CONSTRAINT cosignatures_checkpoint_fkey FOREIGN KEY (log_id, tree_size)
    REFERENCES checkpoints (log_id, tree_size),
  CONSTRAINT cosignatures_timestamp CHECK (
    timestamp_s = ('x' || encode(substring(signature FROM 1 FOR 8), 'hex'))::bit(64)::bigint)
);

-- Append-only, both lines of defence as for the other ledger tables (V0002__log_core.sql).
CREATE TRIGGER cosignatures_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON cosignatures
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

GRANT SELECT, INSERT ON cosignatures TO ledger_service;
