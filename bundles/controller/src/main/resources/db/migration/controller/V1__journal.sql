-- The controller's journal. Times are epoch milliseconds.

-- Each topology deployed (or partly deployed) at least once: the file last applied, where its nodes
-- were put (JSON, node name -> host name), the URL of every host it has or had something on (JSON,
-- host name -> URL; a host the file dropped stays while something of the topology is there), and
-- which runtime its host "local" is (the store's instance id; empty when it has none).
CREATE TABLE topologies (
    name        VARCHAR(64)      NOT NULL PRIMARY KEY,
    source      VARCHAR(1000000) NOT NULL,
    placement   VARCHAR(100000)  NOT NULL,
    hosts       VARCHAR(100000)  NOT NULL,
    local_owner VARCHAR(64)      NOT NULL,
    updated_at BIGINT           NOT NULL
);

-- What exists of each topology on each host, written as each step is done, so that a deploy after a
-- failure, or a destroy, starts from what really was made. kind is network, tunnel or vm; name is
-- the network's, the peer host's (tunnel) or the VM's. ref is the tunnel's id on its host; shape
-- the tunnel's shape, or the VM's shapes by network, as JSON; spec_hash the VM's spec hash.
CREATE TABLE resources (
    topology  VARCHAR(64)    NOT NULL,
    host      VARCHAR(64)    NOT NULL,
    kind      VARCHAR(16)    NOT NULL,
    name      VARCHAR(64)    NOT NULL,
    ref       VARCHAR(128)   NOT NULL,
    spec_hash VARCHAR(64)    NOT NULL,
    shape     VARCHAR(10000) NOT NULL,
    PRIMARY KEY (topology, host, kind, name)
);

-- Every deploy and destroy, and each of its steps.
CREATE TABLE runs (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    topology    VARCHAR(64)   NOT NULL,
    action      VARCHAR(16)   NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    summary     VARCHAR(1000) NOT NULL,
    owner       VARCHAR(64)   NOT NULL,
    started_at  BIGINT        NOT NULL,
    finished_at BIGINT        NOT NULL,
    error       VARCHAR(8000) NOT NULL
);
CREATE INDEX runs_topology ON runs (topology, started_at);

CREATE TABLE run_steps (
    run_id   VARCHAR(64)   NOT NULL,
    seq      INT           NOT NULL,
    wave     INT           NOT NULL,
    step_key VARCHAR(300)  NOT NULL,
    host     VARCHAR(64)   NOT NULL,
    kind     VARCHAR(16)   NOT NULL,
    detail   VARCHAR(1000) NOT NULL,
    state    VARCHAR(16)   NOT NULL,
    millis   BIGINT        NOT NULL,
    error    VARCHAR(8000) NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Who runs a topology now: one row while a run goes on, renewed by its runtime. Runtimes sharing the
-- store never run one topology at once; a row not renewed for a while is a dead runtime's.
CREATE TABLE leases (
    topology   VARCHAR(64) NOT NULL PRIMARY KEY,
    run_id     VARCHAR(64) NOT NULL,
    owner      VARCHAR(64) NOT NULL,
    renewed_at BIGINT      NOT NULL
);
