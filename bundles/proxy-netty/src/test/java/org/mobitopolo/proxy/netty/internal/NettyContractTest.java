package org.mobitopolo.proxy.netty.internal;

import java.nio.file.Path;
import org.mobitopolo.api.proxy.WebProxy;
import org.mobitopolo.proxy.contract.WebProxyContract;

/** The shared proxy contract against the embedded proxy. */
class NettyContractTest extends WebProxyContract {
    @Override
    protected WebProxy newProxy(Path dir) {
        return new NettyWebProxy(dir);
    }

    @Override
    protected int basePort() {
        return 8800;
    }

    @Override
    protected void closeProxy(WebProxy proxy) {
        ((NettyWebProxy) proxy).close();
    }
}
