/**
 * Moving running VMs between hosts: the {@link org.mobitopolo.api.migration.MigrationEngine} SPI.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.2.0")
package org.mobitopolo.api.migration;
