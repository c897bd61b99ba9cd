package cdn.edge.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import cdn.protocol.InvalidIdException;
import cdn.protocol.SegmentName;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second tier: segments (immutable, self-certifying) as files named by their segment
 * name, bounded in bytes by its own W-TinyLFU index whose evictions delete the file.
 * Survives a restart: the index is rebuilt by scanning the directory. Files are written
 * to a temporary name and renamed, and checked against their hash when read, so a crash
 * or a flipped bit costs a refetch, never a bad byte. Blocking: call it off the event
 * loop.
 */
public class DiskTier {

	private static final Logger log = LoggerFactory.getLogger(DiskTier.class);

	private static final String TEMP_SUFFIX = ".tmp";

	private final Path directory;

	private final Cache<String, Integer> index;

	private final Runnable onEviction;

	public DiskTier(Path directory, long maxBytes, Runnable onEviction) {
		this.directory = directory;
		this.onEviction = onEviction;
		this.index = Caffeine.newBuilder()
			.maximumWeight(maxBytes)
			.weigher((String name, Integer size) -> size)
			.executor(Runnable::run)
			.evictionListener(this::evicted)
			.build();
		try {
			Files.createDirectories(directory);
			scan();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot use disk tier directory " + directory, ex);
		}
	}

	/** Indexes the files left by a previous run, oldest first; removes partial writes. */
	private void scan() throws IOException {
		record Found(String name, int size, long modified) {
		}
		List<Found> found = new ArrayList<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
				if (!attributes.isRegularFile()) {
					continue;
				}
				if (name.endsWith(TEMP_SUFFIX) || !isSegmentName(name) || attributes.size() > Integer.MAX_VALUE) {
					Files.deleteIfExists(file);
					continue;
				}
				found.add(new Found(name, (int) attributes.size(), attributes.lastModifiedTime().toMillis()));
			}
		}
		found.sort(Comparator.comparingLong(Found::modified));
		found.forEach((file) -> this.index.put(file.name(), file.size()));
		log.info("Disk tier {}: {} segments, {} bytes", this.directory, this.index.estimatedSize(), weight());
	}

	private static boolean isSegmentName(String name) {
		try {
			return SegmentName.parse(name).fileName().equals(name);
		}
		catch (InvalidIdException ex) {
			return false;
		}
	}

	private void evicted(String name, Integer size, RemovalCause cause) {
		if (cause.wasEvicted()) {
			delete(name);
			this.onEviction.run();
		}
	}

	/** The verified bytes of {@code segment}, if this tier holds them. */
	public Optional<byte[]> read(SegmentName segment) {
		String name = segment.fileName();
		if (this.index.getIfPresent(name) == null) {
			return Optional.empty();
		}
		try {
			byte[] bytes = Files.readAllBytes(this.directory.resolve(name));
			if (segment.id().matches(bytes)) {
				return Optional.of(bytes);
			}
			log.warn("Disk tier: {} does not match its id, dropped", name);
		}
		catch (NoSuchFileException ex) {
			// deleted under us; the index entry goes too
		}
		catch (IOException ex) {
			log.warn("Disk tier: cannot read {}: {}", name, ex.toString());
		}
		remove(segment);
		return Optional.empty();
	}

	/** Stores {@code bytes} (already verified) as {@code segment}; failures only log. */
	public void write(SegmentName segment, byte[] bytes) {
		String name = segment.fileName();
		if (this.index.getIfPresent(name) != null) {
			return;
		}
		Path temp = this.directory.resolve(name + "." + UUID.randomUUID() + TEMP_SUFFIX);
		try {
			Files.write(temp, bytes);
			try {
				Files.move(temp, this.directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, this.directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
			}
			this.index.put(name, bytes.length);
		}
		catch (IOException ex) {
			log.warn("Disk tier: cannot write {}: {}", name, ex.toString());
			try {
				Files.deleteIfExists(temp);
			}
			catch (IOException ignored) {
				// nothing more to do
			}
		}
	}

	public boolean contains(SegmentName segment) {
		return this.index.getIfPresent(segment.fileName()) != null;
	}

	/** Deletes {@code segment}; whether it was held. */
	public boolean remove(SegmentName segment) {
		boolean[] removed = { false };
		this.index.asMap().computeIfPresent(segment.fileName(), (name, size) -> {
			delete(name);
			removed[0] = true;
			return null;
		});
		return removed[0];
	}

	/** Deletes every segment that passes {@code filter}; those deleted. */
	public List<SegmentName> removeIf(Predicate<SegmentName> filter) {
		List<SegmentName> removed = new ArrayList<>();
		for (String name : List.copyOf(this.index.asMap().keySet())) {
			SegmentName segment = SegmentName.parse(name);
			if (filter.test(segment) && remove(segment)) {
				removed.add(segment);
			}
		}
		return removed;
	}

	/** Bytes held. */
	public long weight() {
		return this.index.policy().eviction().map((eviction) -> eviction.weightedSize().orElse(0)).orElse(0L);
	}

	public long size() {
		return this.index.estimatedSize();
	}

	private void delete(String name) {
		try {
			Files.deleteIfExists(this.directory.resolve(name));
		}
		catch (IOException ex) {
			log.warn("Disk tier: cannot delete {}: {}", name, ex.toString());
		}
	}

}
