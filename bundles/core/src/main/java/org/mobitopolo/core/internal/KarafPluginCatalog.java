package org.mobitopolo.core.internal;

import static java.util.Comparator.comparing;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.mobitopolo.api.bench.BandwidthProbe;
import org.mobitopolo.api.host.HostFacts;
import org.mobitopolo.api.migration.MigrationEngine;
import org.mobitopolo.api.net.VirtualSwitch;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.FeatureInfo;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.platform.PluginCatalog;
import org.mobitopolo.api.platform.PluginInfo;
import org.mobitopolo.api.platform.SpiInfo;
import org.mobitopolo.api.proxy.WebProxy;
import org.mobitopolo.api.rebind.RebindStrategy;
import org.mobitopolo.api.vm.Hypervisor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin catalog on Karaf: reads the service registry for the SPIs' implementations and
 * drives the features service to swap Mobitopolo features.
 *
 * <p>Public only because Felix SCR instantiates components through public constructors; the
 * package is not exported.
 */
@Component
public final class KarafPluginCatalog implements PluginCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(KarafPluginCatalog.class);

    static final List<Class<?>> SPIS = List.of(HostFacts.class, Hypervisor.class, VirtualSwitch.class,
            MigrationEngine.class, RebindStrategy.class, BandwidthProbe.class, WebProxy.class);

    static final String FEATURE_PREFIX = "mobitopolo";

    /** Removing these would leave nobody to reinstall anything through REST or the console. */
    static final Set<String> CORE_FEATURES =
            Set.of("mobitopolo", "mobitopolo-api", "mobitopolo-core", "mobitopolo-rest", "mobitopolo-shell");

    private final BundleContext context;
    private final FeaturesService featuresService;

    @Activate
    public KarafPluginCatalog(BundleContext context, @Reference FeaturesService featuresService) {
        this.context = context;
        this.featuresService = featuresService;
    }

    @Override
    public List<SpiInfo> spis() {
        return SPIS.stream()
                .map(spi -> new SpiInfo(spi.getSimpleName(), spi.getName(),
                        pluginsOf(spi).sorted(comparing(PluginInfo::name)).toList()))
                .toList();
    }

    private Stream<PluginInfo> pluginsOf(Class<?> spi) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(spi.getName(), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given: cannot happen
        }
        if (refs == null) {
            return Stream.empty();
        }
        return Stream.of(refs).map(ref -> {
            Bundle bundle = ref.getBundle();
            Object name = ref.getProperty(PLUGIN_NAME);
            String bsn = bundle == null ? "?" : bundle.getSymbolicName();
            return new PluginInfo(name == null ? bsn : name.toString(), bsn,
                    bundle == null ? "" : bundle.getVersion().toString(), bundle == null ? -1 : bundle.getBundleId());
        });
    }

    @Override
    public List<FeatureInfo> features() {
        return mobitopoloFeatures().stream().map(this::info).sorted(comparing(FeatureInfo::name)).toList();
    }

    @Override
    public FeatureInfo setInstalled(String name, boolean installed) {
        Feature feature = mobitopoloFeatures().stream()
                .filter(f -> f.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND,
                        "no Mobitopolo feature named '" + name + "'; known: "
                                + mobitopoloFeatures().stream().map(Feature::getName).sorted().toList()));
        if (!installed && CORE_FEATURES.contains(name)) {
            throw new PlatformException(ErrorCode.CONFLICT,
                    "feature '" + name + "' is part of the platform core and cannot be uninstalled at runtime");
        }
        if (installed == featuresService.isInstalled(feature)) {
            return info(feature);
        }
        try {
            // The features service refreshes only the bundles a change rewires; ours export only the API.
            EnumSet<FeaturesService.Option> options = EnumSet.noneOf(FeaturesService.Option.class);
            if (installed) {
                LOG.info("Installing feature {}/{}", feature.getName(), feature.getVersion());
                featuresService.installFeatures(Set.of(feature.getName()), options);
            } else {
                LOG.info("Uninstalling feature {}/{}", feature.getName(), feature.getVersion());
                // By name alone: boot features are recorded without a version range.
                featuresService.uninstallFeatures(Set.of(feature.getName()), options);
            }
        } catch (Exception e) {
            throw new PlatformException(ErrorCode.FAILED,
                    (installed ? "installing " : "uninstalling ") + name + " failed: " + e.getMessage(), e);
        }
        return info(feature);
    }

    private List<Feature> mobitopoloFeatures() {
        try {
            return Stream.of(featuresService.listFeatures())
                    .filter(f -> f.getName().equals(FEATURE_PREFIX) || f.getName().startsWith(FEATURE_PREFIX + "-"))
                    .toList();
        } catch (Exception e) {
            throw new PlatformException(ErrorCode.FAILED, "cannot list Karaf features: " + e.getMessage(), e);
        }
    }

    private FeatureInfo info(Feature f) {
        return new FeatureInfo(f.getName(), f.getVersion(), f.getDescription() == null ? "" : f.getDescription(),
                featuresService.isInstalled(f), CORE_FEATURES.contains(f.getName()));
    }
}
