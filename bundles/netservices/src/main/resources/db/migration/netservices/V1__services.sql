-- Each network's services: its subnet, the services' own address, DHCP on or off, the DNS zone and
-- the TSIG secret that signs the zone's dynamic updates.
CREATE TABLE networks (
  network VARCHAR(32) PRIMARY KEY,
  subnet VARCHAR(18) NOT NULL,
  address VARCHAR(15) NOT NULL,
  router VARCHAR(15),
  dhcp BOOLEAN NOT NULL,
  zone VARCHAR(253),
  tsig_secret VARCHAR(64)
);
CREATE UNIQUE INDEX networks_zone ON networks (zone);

-- Every MAC's address on a network: kept after the lease ends, so the MAC gets it back.
CREATE TABLE leases (
  network VARCHAR(32) NOT NULL,
  mac VARCHAR(17) NOT NULL,
  address VARCHAR(15) NOT NULL,
  hostname VARCHAR(63),
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (network, mac)
);
CREATE UNIQUE INDEX leases_address ON leases (network, address);

-- Address records given by a person (static) or by RFC 2136 updates (update); those of leases are derived.
CREATE TABLE records (
  zone VARCHAR(253) NOT NULL,
  name VARCHAR(253) NOT NULL,
  address VARCHAR(15) NOT NULL,
  source VARCHAR(8) NOT NULL,
  PRIMARY KEY (zone, name)
);
