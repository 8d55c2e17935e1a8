package org.mobitopolo.security.internal;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;

/**
 * Checks passwords against a JAAS realm, as Karaf's web console does: a {@link LoginContext} on the
 * realm, its roles read from the {@link RolePrincipal}s of the subject.
 */
final class JaasPasswords {
    private final String realm;
    private final Configuration configuration;

    /**
     * @param configuration the JAAS configuration to read the realm from; {@code null} for the JVM's,
     *     which in Karaf is the one Karaf's JAAS bundles publish its realms in
     */
    JaasPasswords(String realm, Configuration configuration) {
        this.realm = realm;
        this.configuration = configuration;
    }

    /** The user's JAAS role names if the password is right; empty if the user or the password is wrong. */
    Optional<Set<String>> check(String user, char[] password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // LoginContext loads the realm's module class (Karaf's ProxyLoginModule, which then finds the
        // real module in its bundle) by name through the context class loader; a REST or console thread's
        // loader does not see it, so lend it the loader of that very class.
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            LoginContext login = new LoginContext(realm, subject, callbacks -> answer(callbacks, user, password), configuration);
            login.login();
            Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream().map(Principal::getName)
                    .collect(Collectors.toUnmodifiableSet());
            login.logout(); // the session is ours to keep; the JAAS subject is not needed any more
            return Optional.of(roles);
        } catch (FailedLoginException | AccountException wrongUserOrPassword) {
            return Optional.empty();
        } catch (LoginException e) {
            throw new PlatformException(ErrorCode.UNAVAILABLE, "the JAAS realm '" + realm + "' cannot check passwords: " + e.getMessage());
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static void answer(Callback[] callbacks, String user, char[] password) throws UnsupportedCallbackException {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback name) {
                name.setName(user);
            } else if (c instanceof PasswordCallback pw) {
                pw.setPassword(password);
            } else {
                throw new UnsupportedCallbackException(c);
            }
        }
    }
}
