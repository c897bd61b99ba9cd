package cdn.kit.security;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecretTest {

	@TempDir
	Path dir;

	@Test
	void aSecretNeverPrintsItself() {
		Secret secret = Secret.of("hunter2-hunter2-hunter2");
		assertThat(secret).hasToString("******");
		assertThat(String.valueOf(new Holder(secret))).doesNotContain("hunter2");
		assertThat(secret.reveal()).isEqualTo("hunter2-hunter2-hunter2");
		assertThat(Secret.of("")).hasToString("(none)");
		assertThat(Secret.of(null).isEmpty()).isTrue();
		assertThat(Secret.of("  ").isEmpty()).isTrue();
	}

	@Test
	void aSecretFileLosesItsTrailingNewLine() throws Exception {
		Path file = Files.writeString(this.dir.resolve("token"), "from-a-file-0123456789\n");
		assertThat(Secret.fromFile(file, "edge.admin-token-file").reveal()).isEqualTo("from-a-file-0123456789");
		assertThat(Secret.literalOrFile(Secret.none(), file, "edge.admin-token").reveal())
			.isEqualTo("from-a-file-0123456789");
		assertThat(Secret.literalOrFile(Secret.of("literal"), null, "edge.admin-token").reveal()).isEqualTo("literal");
	}

	@Test
	void failuresNameThePropertyAndTheFileNeverTheContent() throws Exception {
		Path file = Files.writeString(this.dir.resolve("token"), "the-content-0123456789");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Secret.literalOrFile(Secret.of("literal-value"), file, "edge.admin-token"))
			.withMessage("set edge.admin-token or edge.admin-token-file, not both")
			.withMessageNotContaining("literal-value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Secret.fromFile(this.dir.resolve("absent"), "edge.admin-token-file"))
			.withMessageStartingWith("edge.admin-token-file: cannot read " + this.dir.resolve("absent"));
		Path empty = Files.writeString(this.dir.resolve("empty"), "\n");
		assertThatIllegalArgumentException().isThrownBy(() -> Secret.fromFile(empty, "signaling.ice.turn-secret-file"))
			.withMessage("signaling.ice.turn-secret-file: " + empty + " is empty");
		Path large = Files.writeString(this.dir.resolve("large"), "k".repeat(Secret.MAX_FILE_BYTES + 1));
		assertThatIllegalArgumentException().isThrownBy(() -> Secret.fromFile(large, "p"))
			.withMessageNotContaining("kkkk");
	}

	record Holder(Secret token) {
	}

}
