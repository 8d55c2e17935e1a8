/**
 * The platform's store: one relational database (H2 embedded by default, PostgreSQL when
 * configured) that every module keeps its state in, each module in a schema of its own whose
 * tables are created and upgraded by versioned migrations the module ships.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.mobitopolo.api.store;
