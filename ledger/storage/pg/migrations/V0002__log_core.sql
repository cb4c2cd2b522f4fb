-- The log core (ledger/storage/ledger_store.h): entries, the perfect-subtree Merkle nodes, the
-- chain of checkpoints and the remembered rejections. Every table is keyed by log_id first, so
-- that each log's rows cluster together and the tables could later be partitioned by log.
--
-- Constraint names are referred to by ledger/storage/pg/pg_ledger_store.cc: keep them in step.

-- One row per leaf of the Merkle tree, at its index. Level 0 of the tree is leaf_hash.
CREATE TABLE entries (
  log_id       integer     NOT NULL REFERENCES logs (log_id),
  idx          bigint      NOT NULL CHECK (idx >= 0),
  entry_id     bytea       NOT NULL CHECK (length(entry_id) = 16),
  leaf         bytea       NOT NULL,
  leaf_hash    bytea       NOT NULL CHECK (length(leaf_hash) = 32),
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT entries_pkey PRIMARY KEY (log_id, idx),
  CONSTRAINT entries_entry_id_key UNIQUE (log_id, entry_id)
);
-- FindIndexByLeafHash: the smallest index with this leaf hash, read from the index alone.
CREATE INDEX entries_leaf_hash_idx ON entries (log_id, leaf_hash, idx);

-- Every perfect subtree of level >= 1, stored once when its last leaf is appended (merkle/nodes.h).
CREATE TABLE merkle_nodes (
  log_id  integer  NOT NULL REFERENCES logs (log_id),
  level   smallint NOT NULL CHECK (level BETWEEN 1 AND 63),
  idx     bigint   NOT NULL CHECK (idx >= 0),
  hash    bytea    NOT NULL CHECK (length(hash) = 32),
  CONSTRAINT merkle_nodes_pkey PRIMARY KEY (log_id, level, idx)
);

-- The chain of signed checkpoints. Each one names its predecessor, and a predecessor can have at
-- most one successor (checkpoints_one_successor): this unique index is the compare-and-swap that
-- keeps two writers from ever forking a log. Only the size-0 checkpoint has no predecessor.
CREATE TABLE checkpoints (
  log_id         integer     NOT NULL REFERENCES logs (log_id),
  tree_size      bigint      NOT NULL CHECK (tree_size >= 0),
  previous_size  bigint,
  root           bytea       NOT NULL CHECK (length(root) = 32),
  note           text        NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT checkpoints_pkey PRIMARY KEY (log_id, tree_size),
  CONSTRAINT checkpoints_one_successor UNIQUE (log_id, previous_size),
  CONSTRAINT checkpoints_previous_fkey FOREIGN KEY (log_id, previous_size)
    REFERENCES checkpoints (log_id, tree_size),
  CONSTRAINT checkpoints_chain CHECK ((previous_size IS NULL) = (tree_size = 0)
                                     AND (previous_size IS NULL OR previous_size < tree_size))
);

-- Rejected envelopes, so that a retry of the same bytes gets the same answer.
CREATE TABLE rejections (
  log_id            integer NOT NULL REFERENCES logs (log_id),
  entry_id          bytea   NOT NULL CHECK (length(entry_id) = 16),
  envelope_hash     bytea   NOT NULL CHECK (length(envelope_hash) = 32),
  code              integer NOT NULL,
  rule              text    NOT NULL,
  message           text    NOT NULL,
  recorded_time_us  bigint  NOT NULL,
  CONSTRAINT rejections_pkey PRIMARY KEY (log_id, entry_id, envelope_hash)
);

-- Append-only, first line of defence: no UPDATE, DELETE or TRUNCATE on any ledger table, whoever
-- asks (superusers included, unless they drop or disable the triggers, which leaves a trace in
-- the DDL log). Statement-level, so an attempt is refused even when it matches no row.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger tables are append-only: % on % refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['logs', 'entries', 'merkle_nodes', 'checkpoints', 'rejections'] LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()',
                   t || '_append_only', t);
  END LOOP;
END
$$;

-- Append-only, second line of defence: the service runs as `ledger_service` (SET ROLE after
-- connecting), which may only read and insert, so it cannot change history even if a trigger
-- were dropped. Roles belong to the whole cluster, which many databases may share (one per test,
-- or several ledgers), so the role is created only if missing, tolerating a concurrent creator.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ledger_service') THEN
    CREATE ROLE ledger_service NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN
    NULL;  -- another database's migration created it at the same moment
END
$$;

GRANT SELECT, INSERT ON logs, entries, merkle_nodes, checkpoints, rejections TO ledger_service;

-- The user that runs the migrations is the one ledgerd connects as; it must be able to SET ROLE.
-- (A superuser always can; pg_has_role is then already true.)
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'ledger_service', 'MEMBER') THEN
    EXECUTE format('GRANT ledger_service TO %I', current_user);
  END IF;
EXCEPTION
  WHEN unique_violation THEN
    NULL;  -- granted concurrently by another database's migration
END
$$;
