package org.mobitopolo.proxy.netty.internal;

import java.nio.file.Files;
import java.util.List;
import org.mobitopolo.api.proxy.ProxyConfig;
import org.mobitopolo.api.proxy.ProxyLimits;

/** The embedded proxy alone for bench/proxy.sh, until killed. Usage: PORT CACHE_BYTES. */
public final class BenchProxy {
    private BenchProxy() {}

    public static void main(String[] args) throws Exception {
        NettyWebProxy proxy = new NettyWebProxy(Files.createTempDirectory("bench-proxy"));
        proxy.start(new ProxyConfig("127.0.0.1", Integer.parseInt(args[0]), List.of(), List.of(), false,
                Long.parseLong(args[1]), 0, List.of(443), new ProxyLimits(0, 0, 30_000, 10_000)));
        Thread.currentThread().join();
    }
}
