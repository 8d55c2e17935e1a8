/**
 * Virtual machines: the {@link org.mobitopolo.api.vm.Hypervisor} SPI implemented by UML and QEMU plugins.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("3.2.0")
package org.mobitopolo.api.vm;
