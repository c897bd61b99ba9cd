package cdn.origin;

import cdn.origin.store.StoreUnavailableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start with a store it cannot write ends with the line that says which directory and
 * what to do, not with a stack trace.
 */
class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(), null, cause);
	}

}
