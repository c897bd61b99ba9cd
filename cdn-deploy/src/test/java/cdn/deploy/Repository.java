package cdn.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository these tests check: its deployments, rules and dashboards. */
final class Repository {

	/**
	 * The system property {@code repository.root} (set by Failsafe), else the first
	 * directory above the working directory that holds the chart.
	 */
	static final Path ROOT = find();

	private Repository() {
	}

	private static Path find() {
		String configured = System.getProperty("repository.root");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		Path here = Path.of("").toAbsolutePath();
		for (Path dir = here; dir != null; dir = dir.getParent()) {
			if (Files.isRegularFile(dir.resolve("helm/cdn/Chart.yaml"))) {
				return dir;
			}
		}
		throw new IllegalStateException("helm/cdn/Chart.yaml not found above " + here);
	}

}
