package cdn.edge;

import java.util.Map;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack when a test times out waiting, to show what it waited on.
 */
public class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable error) throws Throwable {
		if (String.valueOf(error.getMessage()).contains("Timeout")) {
			StringBuilder dump = new StringBuilder("THREAD DUMP after timeout in " + context.getDisplayName() + "\n");
			for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
				dump.append('"')
					.append(entry.getKey().getName())
					.append("\" ")
					.append(entry.getKey().getState())
					.append('\n');
				for (StackTraceElement frame : entry.getValue()) {
					dump.append("\tat ").append(frame).append('\n');
				}
			}
			System.out.println(dump);
		}
		throw error;
	}

}
