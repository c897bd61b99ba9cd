package cdn.origin;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes that need a working ffmpeg (put it before {@code @SpringBootTest}):
 * without one the class fails once, with the line that says what to install, instead of
 * every test failing to load the application context.
 *
 * @see ExtendWith
 */
public final class FfmpegRequired implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		TestAudio.tools();
	}

}
