package cdn.origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every published file of a store with its size: to prove a request changed nothing. */
public final class StoreSnapshot {

	private StoreSnapshot() {
	}

	public static List<String> of(Path storage) {
		try (Stream<Path> files = Files.walk(storage)) {
			return files.filter(Files::isRegularFile)
				.filter((file) -> !storage.relativize(file).startsWith("staging"))
				.map((file) -> storage.relativize(file) + " " + size(file))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Work in progress left in the store's staging area. */
	public static List<Path> staging(Path storage) {
		try (Stream<Path> entries = Files.list(storage.resolve("staging"))) {
			return entries.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
