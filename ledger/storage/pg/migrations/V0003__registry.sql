-- The privacy registry (ledger/registry/registry_store.h; SPEC §4 Privacy): who the
-- beneficiaries behind the log's pseudonymous references are. It lies OUTSIDE the log: no leaf,
-- proof or checkpoint covers it, so a row can be erased without touching any of them.
--
-- Erasure sets every personal field to NULL and keeps a tombstone (reference, village, who erased
-- it and when), so that the reference still resolves to "erased" rather than "unknown". Unlike the
-- ledger tables, this one is updated, never deleted from: ledger_service may SELECT, INSERT and
-- UPDATE it. (PostgreSQL keeps old row versions until VACUUM, and backups keep what they copied:
-- docs/OPERATIONS.md says how to finish an erasure.)
CREATE TABLE registry_people (
  log_id         integer     NOT NULL REFERENCES logs (log_id),
  ref            text        NOT NULL CHECK (ref ~ '^[0-9a-f]{32}$'),
  village        text        NOT NULL CHECK (village ~ '^[0-9]{12}$'),
  name           text,
  id_number      text,
  bank_account   text,
  phone          text,
  registered_at  timestamptz NOT NULL,
  registered_by  text        NOT NULL,
  erased_at      timestamptz,
  erased_by      text,
  CONSTRAINT registry_people_pkey PRIMARY KEY (log_id, ref),
  CONSTRAINT registry_people_erasure CHECK (
    (erased_at IS NULL) = (erased_by IS NULL)
    AND (erased_at IS NULL) = (name IS NOT NULL AND id_number IS NOT NULL)
    AND (erased_at IS NULL OR (bank_account IS NULL AND phone IS NULL)))
);
CREATE INDEX registry_people_village_idx ON registry_people (log_id, village, ref);

GRANT SELECT, INSERT, UPDATE ON registry_people TO ledger_service;
