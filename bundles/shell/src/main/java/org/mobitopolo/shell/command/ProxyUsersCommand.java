package org.mobitopolo.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code mobi:proxy-users}: lists, adds or removes the web proxy's users. */
@Service
@Command(scope = "mobi", name = "proxy-users", description = "Lists the web proxy's users; 'add NAME' asks for a "
        + "password (not echoed), 'remove NAME' removes one")
public class ProxyUsersCommand extends ProxyCommand {
    @Reference
    Session session;

    @Argument(index = 0, name = "action", description = "list (default), add or remove")
    String action = "list";

    @Argument(index = 1, name = "name", description = "the user, for add and remove")
    String name;

    @Option(name = "--password", description = "the password for add, for scripts (it lands in the shell history: "
            + "prefer the prompt)")
    String password;

    @Override
    public Object execute() throws Exception {
        switch (action) {
            case "list" -> { }
            case "add" -> {
                String pw = password != null ? password : session.readLine("Password for " + requireName() + ": ", '*');
                proxy().putUser(requireName(), pw.toCharArray());
                System.out.println("user " + name + " set");
            }
            case "remove" -> {
                if (!proxy().removeUser(requireName())) {
                    throw new IllegalArgumentException("no proxy user " + name);
                }
                System.out.println("user " + name + " removed");
            }
            default -> throw new IllegalArgumentException("action is list, add or remove; got " + action);
        }
        var users = proxy().users();
        System.out.println(users.isEmpty() ? "no users" : String.join("\n", users));
        return null;
    }

    private String requireName() {
        if (name == null) {
            throw new IllegalArgumentException(action + " needs a user name");
        }
        return name;
    }
}
