package org.mobitopolo.itests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam, without a console input: Pax Exam pumps the driver's System.in into the container. In a
 * failsafe fork System.in is failsafe's command channel, and the pump, still blocked on it after the
 * container has stopped, swallows the fork's final handshake: the fork then waits 30 s and kills
 * itself ("exit has elapsed 30 seconds after System.exit(0)"). No test types on the console.
 *
 * <p>When the test probe never comes up in the container ("gave up waiting for service
 * ProbeInvoker", seen now and then in full runs, never alone), what the container was doing is
 * printed once: its log's last lines and its threads, before Pax Exam removes its folder.
 */
public class MobitopoloExam extends PaxExam {
    private static final Path CONTAINERS = Path.of("target/exam");

    public MobitopoloExam(Class<?> test) throws InitializationError {
        super(test);
    }

    @Override
    public void run(RunNotifier notifier) {
        InputStream stdin = System.in;
        System.setIn(InputStream.nullInputStream());
        AtomicBoolean told = new AtomicBoolean();
        RunListener probeMissing = new RunListener() {
            @Override
            public void testFailure(Failure failure) {
                if (String.valueOf(failure.getException()).contains("ProbeInvoker") && !told.getAndSet(true)) {
                    describeContainer();
                }
            }
        };
        notifier.addListener(probeMissing);
        try {
            super.run(notifier);
        } finally {
            notifier.removeListener(probeMissing);
            System.setIn(stdin);
        }
    }

    /** The newest container's log tail and thread dump, on standard output. */
    private static void describeContainer() {
        try (Stream<Path> dirs = Files.list(CONTAINERS)) {
            Optional<Path> newest = dirs.filter(Files::isDirectory)
                    .max(Comparator.comparingLong(d -> d.toFile().lastModified()));
            if (newest.isEmpty()) {
                return;
            }
            Path log = newest.get().resolve("data/log/karaf.log");
            if (Files.isReadable(log)) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                System.out.println("---- last lines of " + log + ":");
                lines.subList(Math.max(0, lines.size() - 80), lines.size()).forEach(System.out::println);
            }
            String home = "karaf.home=" + newest.get().toAbsolutePath();
            Optional<ProcessHandle> karaf = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(home)).orElse(false)).findFirst();
            if (karaf.isPresent()) {
                System.out.println("---- threads of the container (pid " + karaf.get().pid() + "):");
                Process jcmd = new ProcessBuilder("jcmd", Long.toString(karaf.get().pid()), "Thread.print")
                        .redirectErrorStream(true).start();
                String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(30, TimeUnit.SECONDS);
                System.out.println(dump);
            }
        } catch (IOException | RuntimeException e) {
            System.out.println("---- the container could not be described: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
