package cdn.router.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import cdn.protocol.Region;
import cdn.router.config.RouterProperties;
import cdn.router.edge.Edge;
import cdn.router.edge.EdgeRegistry;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Edges from the Kubernetes API: a fabric8 informer on the edge pods (label selector) of
 * one namespace. An edge is a pod that is running, not terminating, has an IP and is
 * {@code Ready}; its URL is {@code scheme://podIP:port} and its region the first present
 * of the configured region labels. Adds, relabels and removals reach the registry as the
 * informer sees them; the router's own probes still decide health.
 * <p>
 * Pods rather than EndpointSlices: one watch gives IP, readiness and labels (the region)
 * together, whereas a slice carries neither the pod's labels nor its container port
 * names.
 */
public final class KubernetesEdgeDiscovery implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KubernetesEdgeDiscovery.class);

	private final KubernetesClient client;

	private final RouterProperties.Kubernetes config;

	private final String defaultRegion;

	private final EdgeRegistry registry;

	/** Edges by pod name (one namespace); guarded by {@code this}. */
	private final Map<String, Edge> edges = new HashMap<>();

	private volatile SharedIndexInformer<Pod> informer;

	public KubernetesEdgeDiscovery(KubernetesClient client, RouterProperties.Kubernetes config, String defaultRegion,
			EdgeRegistry registry) {
		this.client = client;
		this.config = config;
		this.defaultRegion = defaultRegion;
		this.registry = registry;
	}

	@Override
	public void start() {
		String namespace = namespace();
		log.info("Discovering edges: pods {} in namespace {}", this.config.labelSelector(), namespace);
		SharedIndexInformer<Pod> pods = this.client.pods()
			.inNamespace(namespace)
			.withLabelSelector(this.config.labelSelector())
			.runnableInformer(this.config.resync().toMillis());
		pods.addEventHandler(new ResourceEventHandler<Pod>() {

			@Override
			public void onAdd(Pod pod) {
				changed(pod);
			}

			@Override
			public void onUpdate(Pod before, Pod pod) {
				changed(pod);
			}

			@Override
			public void onDelete(Pod pod, boolean finalStateUnknown) {
				removed(pod);
			}

		});
		// keep retrying the list and watch while the API server is away
		pods.exceptionHandler((started, error) -> {
			log.warn("Kubernetes pod informer: {}", error.toString());
			return true;
		});
		this.informer = pods;
		pods.start().whenComplete((synced, error) -> {
			if (error == null) {
				log.info("Pod informer synced: {} edges", this.registry.snapshot().edges().size());
				this.registry.markDiscovered();
			}
		});
	}

	String namespace() {
		if (!this.config.namespace().isBlank()) {
			return this.config.namespace();
		}
		String own = this.client.getNamespace();
		return (own != null) ? own : "default";
	}

	private synchronized void changed(Pod pod) {
		String name = pod.getMetadata().getName();
		Optional<Edge> edge = edgeOf(pod);
		boolean modified = edge.isPresent() ? !edge.get().equals(this.edges.put(name, edge.get()))
				: this.edges.remove(name) != null;
		if (modified) {
			publish();
		}
	}

	private synchronized void removed(Pod pod) {
		if (this.edges.remove(pod.getMetadata().getName()) != null) {
			publish();
		}
	}

	private void publish() {
		this.registry.replaceAll(List.copyOf(this.edges.values()));
	}

	/** The edge a pod stands for, if it can serve now. */
	Optional<Edge> edgeOf(Pod pod) {
		if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
				|| !"Running".equals(pod.getStatus().getPhase()) || pod.getStatus().getPodIP() == null || !ready(pod)) {
			return Optional.empty();
		}
		Integer port = port(pod);
		if (port == null) {
			log.warn("Pod {} has no container port {}", pod.getMetadata().getName(), this.config.port());
			return Optional.empty();
		}
		String region = region(pod);
		if (region == null) {
			return Optional.empty();
		}
		String ip = pod.getStatus().getPodIP();
		String host = (ip.indexOf(':') >= 0) ? "[" + ip + "]" : ip;
		return Optional.of(new Edge(this.config.scheme() + "://" + host + ":" + port, region));
	}

	private static boolean ready(Pod pod) {
		List<PodCondition> conditions = pod.getStatus().getConditions();
		return conditions != null && conditions.stream()
			.anyMatch((condition) -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
	}

	private Integer port(Pod pod) {
		String wanted = this.config.port();
		if (wanted.chars().allMatch(Character::isDigit)) {
			return Integer.valueOf(wanted);
		}
		if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
			return null;
		}
		return pod.getSpec()
			.getContainers()
			.stream()
			.flatMap((container) -> (container.getPorts() != null) ? container.getPorts().stream()
					: Stream.<ContainerPort>empty())
			.filter((port) -> wanted.equals(port.getName()))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElse(null);
	}

	private String region(Pod pod) {
		Map<String, String> labels = pod.getMetadata().getLabels();
		for (String label : this.config.regionLabels()) {
			String value = (labels != null) ? labels.get(label) : null;
			if (value != null) {
				if (Region.isValid(value)) {
					return value;
				}
				log.warn("Pod {} has a malformed region label {}={}; ignored", pod.getMetadata().getName(), label,
						value);
				return null;
			}
		}
		return this.defaultRegion;
	}

	@Override
	public void stop() {
		SharedIndexInformer<Pod> running = this.informer;
		if (running != null) {
			running.close();
			this.informer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.informer != null;
	}

}
