-- Distributed snapshots: one consistent cut of a topology each. source is the topology's file as it
-- was applied; hosts its hosts then (JSON, name -> URL); nodes every node's part (JSON, node name ->
-- {host, snapshot, hypervisor, running, macs}): the VM snapshot taken of it on its host.
CREATE TABLE topology_snapshots (
    name       VARCHAR(64)      NOT NULL PRIMARY KEY,
    topology   VARCHAR(64)      NOT NULL,
    created_at BIGINT           NOT NULL,
    source     VARCHAR(1000000) NOT NULL,
    hosts      VARCHAR(100000)  NOT NULL,
    nodes      VARCHAR(1000000) NOT NULL
);
