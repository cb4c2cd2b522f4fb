-- The payment index (ledger/storage/ledger_store.h, PaymentRow): which entry holds each accepted
-- disbursement. The state machine keeps disbursements here instead of in memory, so that the
-- server's memory does not grow with the log (ledger/state/payment_book.h); the rows are written
-- in the transaction of their entries and are checked against the log at every start-up replay.
--
-- No foreign key to entries: its check locks the entry's row (FOR KEY SHARE), which rewrites the
-- entries page of every payment and doubled the index's cost per row in ledger-bench; the start-up
-- replay checks instead that every row names its disbursement's entry. Ids compare bytewise
-- (COLLATE "C"), as the state machine orders them, and faster than a locale's collation.
CREATE TABLE payments (
  log_id      integer NOT NULL REFERENCES logs (log_id),
  payment_id  text    COLLATE "C" NOT NULL,
  project_id  text    COLLATE "C" NOT NULL,
  idx         bigint  NOT NULL CHECK (idx >= 0),
  CONSTRAINT payments_pkey PRIMARY KEY (log_id, payment_id)
);
-- PaymentsOfProject (GetProject).
CREATE INDEX payments_project_idx ON payments (log_id, project_id, idx);

-- Append-only, like every ledger table (V0002__log_core.sql).
CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON payments
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

GRANT SELECT, INSERT ON payments TO ledger_service;
