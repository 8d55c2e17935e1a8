package org.mobitopolo.itests;

import java.io.InputStream;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * Pax Exam, without a console input: Pax Exam pumps the driver's System.in into the container. In a
 * failsafe fork System.in is failsafe's command channel, and the pump, still blocked on it after the
 * container has stopped, swallows the fork's final handshake: the fork then waits 30 s and kills
 * itself ("exit has elapsed 30 seconds after System.exit(0)"). No test types on the console.
 */
public class MobitopoloExam extends PaxExam {
    public MobitopoloExam(Class<?> test) throws InitializationError {
        super(test);
    }

    @Override
    public void run(RunNotifier notifier) {
        InputStream stdin = System.in;
        System.setIn(InputStream.nullInputStream());
        try {
            super.run(notifier);
        } finally {
            System.setIn(stdin);
        }
    }
}
