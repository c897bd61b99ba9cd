package cdn.edge.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DiskTierTest {

	@TempDir
	Path directory;

	final AtomicInteger evictions = new AtomicInteger();

	@Test
	void writtenSegmentsAreReadBackVerified() {
		DiskTier disk = new DiskTier(this.directory, 1_000_000, this.evictions::incrementAndGet);
		byte[] bytes = bytes(1000, 1);
		SegmentName name = name(bytes);
		assertThat(disk.read(name)).isEmpty();
		disk.write(name, bytes);
		assertThat(disk.read(name)).hasValueSatisfying((read) -> assertThat(read).isEqualTo(bytes));
		assertThat(this.directory.resolve(name.fileName())).exists();
		assertThat(disk.weight()).isEqualTo(1000);
	}

	@Test
	void theByteBoundEvictsAndDeletesFiles() throws IOException {
		DiskTier disk = new DiskTier(this.directory, 3000, this.evictions::incrementAndGet);
		for (int i = 0; i < 10; i++) {
			byte[] bytes = bytes(1000, 10 + i);
			disk.write(name(bytes), bytes);
		}
		assertThat(disk.weight()).isLessThanOrEqualTo(3000);
		assertThat(files()).hasSize((int) disk.size());
		assertThat(this.evictions.get()).isEqualTo(10 - (int) disk.size());
	}

	@Test
	void aRestartFindsTheSegmentsAndDropsPartialWritesAndStrangers() throws IOException {
		DiskTier first = new DiskTier(this.directory, 1_000_000, this.evictions::incrementAndGet);
		List<SegmentName> names = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			byte[] bytes = bytes(500, 20 + i);
			names.add(name(bytes));
			first.write(names.get(i), bytes);
		}
		Files.writeString(this.directory.resolve(names.get(0).fileName() + ".123.tmp"), "partial");
		Files.writeString(this.directory.resolve("notes.txt"), "not a segment");
		DiskTier second = new DiskTier(this.directory, 1_000_000, this.evictions::incrementAndGet);
		assertThat(names).allSatisfy((name) -> assertThat(second.contains(name)).isTrue());
		assertThat(second.weight()).isEqualTo(1500);
		assertThat(files()).hasSize(3);
	}

	@Test
	void aCorruptedFileIsDroppedWhenRead() throws IOException {
		DiskTier disk = new DiskTier(this.directory, 1_000_000, this.evictions::incrementAndGet);
		byte[] bytes = bytes(800, 30);
		SegmentName name = name(bytes);
		disk.write(name, bytes);
		bytes[10] ^= 1;
		Files.write(this.directory.resolve(name.fileName()), bytes);
		assertThat(disk.read(name)).isEmpty();
		assertThat(disk.contains(name)).isFalse();
		assertThat(this.directory.resolve(name.fileName())).doesNotExist();
	}

	@Test
	void removeIfDeletesMatchingSegmentsOnly() throws IOException {
		DiskTier disk = new DiskTier(this.directory, 1_000_000, this.evictions::incrementAndGet);
		byte[] a = bytes(100, 40);
		byte[] b = bytes(100, 41);
		disk.write(name(a), a);
		disk.write(name(b), b);
		assertThat(disk.removeIf((segment) -> segment.equals(name(a)))).containsExactly(name(a));
		assertThat(files()).containsExactly(this.directory.resolve(name(b).fileName()));
	}

	private List<Path> files() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.toList();
		}
	}

	static byte[] bytes(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	static SegmentName name(byte[] bytes) {
		return new SegmentName(SegmentId.ofBytes(bytes), SegmentFormat.M4S);
	}

}
