package cdn.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cdn.kit.security.TokenKeys;
import cdn.kit.security.UrlSigningKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart {@code helm/cdn}, offline: {@code helm lint --strict}, then
 * {@code helm template} with the default values and the value sets in
 * {@code src/test/resources/chart-values}, read back as typed Kubernetes objects. What
 * needs a cluster (pods that start, probes that pass, policies a CNI enforces) is in
 * docs/kubernetes.md.
 * <p>
 * helm-java loads Helm as a native library into this JVM: the module's surefire runs
 * every test class in a JVM of its own.
 */
@EnableKubernetesMockClient(crud = true)
class HelmChartTest {

	static final String RELEASE = "demo";

	static final String NAMESPACE = "cdn";

	static final String FULLNAME = "demo-cdn";

	/** Value sets: "" is the chart's defaults, the others are files in chart-values/. */
	static final String[] VALUE_SETS = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml",
			"browser-signaling.yaml" };

	static final Map<String, String> MODULE_OF_COMPONENT = Map.of("origin", "origin-service", "edge",
			"edge-cache-service", "tracker", "tracker-service", "router", "router-service", "signaling",
			"signaling-service");

	static final Map<String, List<HasMetadata>> rendered = new ConcurrentHashMap<>();

	static Path repository;

	static Path chart;

	static KubernetesClient client;

	@BeforeAll
	static void findChart() {
		repository = Repository.ROOT;
		chart = repository.resolve("helm/cdn");
	}

	@Test
	void lintsStrictlyClean() {
		LintResult result = new Helm(chart).lint().strict().call();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
		assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml", "browser-signaling.yaml" })
	void everyContainerIsProbedBoundedAndRestricted(String values) {
		List<PodTemplateSpec> templates = podTemplates(render(values));
		assertThat(templates).isNotEmpty();
		for (PodTemplateSpec template : templates) {
			assertRestrictedPod(template.getMetadata().getLabels().toString(), template.getSpec(), true);
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml", "browser-signaling.yaml" })
	void everyServiceSelectsPodsThatServeItsPorts(String values) {
		List<HasMetadata> objects = render(values);
		List<PodTemplateSpec> templates = podTemplates(objects);
		List<Service> services = ofKind(objects, Service.class);
		assertThat(services).isNotEmpty();
		for (Service service : services) {
			Map<String, String> selector = service.getSpec().getSelector();
			List<PodTemplateSpec> selected = templates.stream()
				.filter((template) -> matches(selector, template.getMetadata().getLabels()))
				.toList();
			assertThat(selected).as("pods of Service %s", name(service)).isNotEmpty();
			for (ServicePort port : service.getSpec().getPorts()) {
				for (PodTemplateSpec template : selected) {
					ContainerPort target = containerPort(template, port.getTargetPort().getStrVal());
					assertThat(target).as("Service %s targets port %s", name(service), port.getTargetPort())
						.isNotNull();
					// same number inside and outside: the URLs the chart hands out use
					// the Service port
					assertThat(port.getPort()).isEqualTo(target.getContainerPort());
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml", "browser-signaling.yaml" })
	void portsAreTheApplicationsDefaults(String values) throws IOException {
		List<HasMetadata> objects = render(values);
		for (Map.Entry<String, String> entry : MODULE_OF_COMPONENT.entrySet()) {
			int port = defaultPort(entry.getValue());
			List<Deployment> deployments = deployments(objects, entry.getKey());
			assertThat(deployments).as(entry.getKey()).isNotEmpty();
			for (Deployment deployment : deployments) {
				Container container = firstContainer(deployment);
				assertThat(containerPort(deployment.getSpec().getTemplate(), "http").getContainerPort())
					.as("%s port named http", name(deployment))
					.isEqualTo(port);
				assertThat(env(container, "PORT")).isEqualTo(String.valueOf(port));
			}
			assertThat(ofKind(objects, Service.class))
				.filteredOn((service) -> entry.getKey().equals(component(service)))
				.allSatisfy((service) -> assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(port));
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml", "browser-signaling.yaml" })
	void routerMayOnlyReadPodsOfItsNamespace(String values) {
		List<HasMetadata> objects = render(values);
		assertThat(ofKind(objects, ClusterRole.class)).isEmpty();
		List<Role> roles = ofKind(objects, Role.class);
		assertThat(roles).hasSize(1);
		List<PolicyRule> rules = roles.get(0).getRules();
		assertThat(rules).hasSize(1);
		assertThat(rules.get(0).getApiGroups()).containsExactly("");
		assertThat(rules.get(0).getResources()).containsExactly("pods");
		assertThat(rules.get(0).getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
		assertThat(rules.get(0).getResourceNames()).isNullOrEmpty();

		RoleBinding binding = ofKind(objects, RoleBinding.class).get(0);
		assertThat(binding.getRoleRef().getName()).isEqualTo(name(roles.get(0)));
		Deployment router = deployments(objects, "router").get(0);
		PodSpec routerPod = router.getSpec().getTemplate().getSpec();
		assertThat(binding.getSubjects()).singleElement().satisfies((subject) -> {
			assertThat(subject.getKind()).isEqualTo("ServiceAccount");
			assertThat(subject.getName()).isEqualTo(routerPod.getServiceAccountName());
			assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
		});
		assertThat(routerPod.getAutomountServiceAccountToken()).isTrue();
		Container container = routerPod.getContainers().get(0);
		assertThat(env(container, "ROUTER_DISCOVERY")).isEqualTo("kubernetes");
		assertThat(env(container, "ROUTER_KUBERNETES_NAMESPACE")).isEqualTo(NAMESPACE);
		assertThat(env(container, "ROUTER_KUBERNETES_PORT")).isEqualTo("http");
		assertThat(env(container, "ROUTER_DEFAULT_REGION")).isEqualTo(regions(objects).get(0));
		assertThat(env(container, "ROUTER_TRACKER"))
			.isEqualTo("http://" + FULLNAME + "-tracker:" + defaultPort("tracker-service"));
		// nobody else gets an API token
		for (PodTemplateSpec template : podTemplates(objects)) {
			if (!"router".equals(template.getMetadata().getLabels().get("app.kubernetes.io/component"))) {
				assertThat(template.getSpec().getAutomountServiceAccountToken())
					.as("token of %s", template.getMetadata().getLabels())
					.isFalse();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "", "one-region.yaml", "five-regions.yaml", "external-redis.yaml", "browser-signaling.yaml" })
	void oneEdgeDeploymentPerRegion(String values) throws IOException {
		List<HasMetadata> objects = render(values);
		List<String> regions = regions(objects);
		List<Deployment> edges = deployments(objects, "edge");
		assertThat(edges).hasSameSizeAs(regions);
		for (String region : regions) {
			Deployment edge = edges.stream()
				.filter((deployment) -> name(deployment).equals(FULLNAME + "-edge-" + region))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no edge Deployment for " + region));
			Map<String, String> labels = edge.getSpec().getTemplate().getMetadata().getLabels();
			assertThat(labels).containsEntry("topology.kubernetes.io/region", region)
				.containsEntry("cdn.region", region);
			Container container = firstContainer(edge);
			assertThat(env(container, "EDGE_REGION")).isEqualTo(region);
			assertThat(env(container, "EDGE_UPSTREAM"))
				.isEqualTo("http://" + FULLNAME + "-origin:" + defaultPort("origin-service"));
			assertThat(env(container, "EDGE_CACHE_MEMORY_SIZE")).matches("[0-9]+MB");
			assertThat(edge.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity().toString())
				.contains(region);
			assertThat(ofKind(objects, PodDisruptionBudget.class)).anySatisfy(
					(budget) -> assertThat(matches(budget.getSpec().getSelector().getMatchLabels(), labels)).isTrue());
		}
	}

	@Test
	void regionsValuesReachEdgesAutoscalerAndListeners() {
		List<HasMetadata> objects = render("five-regions.yaml");
		assertThat(regions(objects)).containsExactly("us-east", "us-west", "eu-west", "ap-south", "sa-east-1");
		// an autoscaled region leaves replicas to its HPA
		Deployment usEast = named(objects, Deployment.class, FULLNAME + "-edge-us-east");
		assertThat(usEast.getSpec().getReplicas()).isNull();
		HorizontalPodAutoscaler hpa = named(objects, HorizontalPodAutoscaler.class, FULLNAME + "-edge-us-east");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name(usEast));
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
		assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
		assertThat(ofKind(objects, HorizontalPodAutoscaler.class)).hasSize(1);
		assertThat(named(objects, Deployment.class, FULLNAME + "-edge-us-west").getSpec().getReplicas()).isEqualTo(2);
		assertThat(env(named(objects, Deployment.class, FULLNAME + "-edge-eu-west").getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0), "EDGE_CACHE_MEMORY_SIZE")).isEqualTo("64MB");
		assertThat(firstContainer(usEast).getImage())
			.isEqualTo("registry.example.com/hybrid-cdn/edge-cache-service:1.2.3");
		assertThat(usEast.getSpec().getTemplate().getSpec().getImagePullSecrets()).singleElement()
			.satisfies((secret) -> assertThat(secret.getName()).isEqualTo("registry-credentials"));

		Deployment sim = deployments(objects, "sim-client").get(0);
		assertThat(sim.getSpec().getReplicas()).isEqualTo(4);
		Container listener = firstContainer(sim);
		assertThat(String.join(" ", listener.getArgs())).contains("--router http://" + FULLNAME + "-router:8080")
			.contains("--clients 25")
			.contains("--transport http")
			.contains("--region us-east,us-west,eu-west,ap-south,sa-east-1")
			.contains("--bind 0.0.0.0")
			.contains("--advertise-host $(POD_IP)")
			.contains("--peer-port 7000")
			.contains("--metrics-port 9400")
			.contains("--forever");
		assertThat(listener.getEnv()).anySatisfy((variable) -> {
			assertThat(variable.getName()).isEqualTo("POD_IP");
			assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
		});
		Container router = firstContainer(deployments(objects, "router").get(0));
		assertThat(env(router, "SPRING_APPLICATION_JSON"))
			.isEqualTo("{\"router\":{\"subnets\":{\"eu-west\":[\"10.2.0.0/16\"]}}}");
	}

	@Test
	void defaultsRunTheTrackerOnTheBundledRedis() {
		List<HasMetadata> objects = render("");
		Deployment redis = deployments(objects, "redis").get(0);
		Container server = firstContainer(redis);
		assertThat(server.getImage()).isEqualTo("redis:7.2");
		assertThat(server.getCommand()).containsExactly("redis-server");
		assertThat(String.join(" ", server.getArgs())).contains("--set-max-intset-entries 8192")
			.contains("--protected-mode no");
		Container tracker = firstContainer(deployments(objects, "tracker").get(0));
		assertThat(env(tracker, "TRACKER_STORE")).isEqualTo("redis");
		assertThat(env(tracker, "TRACKER_REDIS_URL")).isEqualTo("redis://" + FULLNAME + "-redis:6379");
		assertThat(named(objects, Service.class, FULLNAME + "-redis").getSpec().getPorts().get(0).getPort())
			.isEqualTo(6379);
		assertThat(deployments(objects, "tracker").get(0).getSpec().getReplicas()).isGreaterThan(1);
		assertThat(ofKind(objects, GenericKubernetesResource.class)).as("no ServiceMonitor without the operator")
			.isEmpty();
		Deployment origin = deployments(objects, "origin").get(0);
		assertThat(firstContainer(origin).getStartupProbe().getFailureThreshold()).isGreaterThanOrEqualTo(30);
		assertThat(env(firstContainer(origin), "ORIGIN_STORAGE")).isEqualTo("/data/origin");
	}

	@Test
	void defaultsRunSignalingOnTheBundledRedisAndTheRouterNamesIt() {
		List<HasMetadata> objects = render("");
		int port = defaultPort("signaling-service");
		Service service = named(objects, Service.class, FULLNAME + "-signaling");
		assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
		assertThat(service.getSpec().getPorts()).singleElement().satisfies((servicePort) -> {
			assertThat(servicePort.getName()).isEqualTo("http");
			assertThat(servicePort.getPort()).isEqualTo(port);
		});

		Deployment deployment = named(objects, Deployment.class, FULLNAME + "-signaling");
		assertThat(component(deployment)).isEqualTo("signaling");
		// several replicas meet through Redis: rolling updates, a disruption budget
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
		assertThat(deployment.getSpec().getStrategy()).isNull();
		assertThat(named(objects, PodDisruptionBudget.class, FULLNAME + "-signaling").getSpec()
			.getSelector()
			.getMatchLabels()).containsEntry("app.kubernetes.io/component", "signaling");
		PodSpec pod = deployment.getSpec().getTemplate().getSpec();
		assertRestrictedPod(name(deployment), pod, true);
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		Container signaling = firstContainer(deployment);
		assertThat(signaling.getImage()).isEqualTo("hybrid-cdn/signaling-service:0.1.0-SNAPSHOT");
		assertThat(containerPort(deployment.getSpec().getTemplate(), "http").getContainerPort()).isEqualTo(port);
		assertThat(env(signaling, "PORT")).isEqualTo(String.valueOf(port));
		assertThat(env(signaling, "SIGNALING_STORE")).isEqualTo("redis");
		assertThat(env(signaling, "SIGNALING_REDIS_URL")).isEqualTo("redis://" + FULLNAME + "-redis:6379")
			.isEqualTo(env(firstContainer(deployments(objects, "tracker").get(0)), "TRACKER_REDIS_URL"));
		assertThat(signaling.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
		assertThat(signaling.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
		assertThat(signaling.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
		// no STUN/TURN server in the chart: none handed out (the service's default,
		// 127.0.0.1, would be the pod itself), and no TURN credentials
		assertThat(env(signaling, "SIGNALING_ICE_STUN_URLS")).isEmpty();
		assertThat(signaling.getEnv()).extracting(EnvVar::getName)
			.doesNotContain("SIGNALING_ICE_TURN_SECRET", "SIGNALING_ICE_TURN_URLS", "CDN_CORS_ALLOWED_ORIGINS",
					"REDIS_PASSWORD");
		assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
			.containsEntry("prometheus.io/port", String.valueOf(port))
			.containsEntry("prometheus.io/path", "/actuator/prometheus");

		// the router's route answers name the signaling Service
		Container router = firstContainer(deployments(objects, "router").get(0));
		assertThat(env(router, "ROUTER_SIGNALING"))
			.isEqualTo("ws://" + name(service) + ":" + service.getSpec().getPorts().get(0).getPort() + "/v1/signal");

		// clients reach it from anywhere; it reaches Redis and DNS, nothing else
		NetworkPolicy policy = named(objects, NetworkPolicy.class, FULLNAME + "-signaling");
		assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component",
				"signaling");
		assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		assertThat(policy.getSpec().getIngress()).singleElement().satisfies((rule) -> {
			assertThat(rule.getFrom()).isNullOrEmpty();
			assertThat(rule.getPorts()).extracting((rulePort) -> rulePort.getPort().getIntVal()).containsExactly(port);
		});
		assertThat(policy.getSpec().getEgress()).hasSize(2).anySatisfy((rule) -> {
			assertThat(rule.getTo()).singleElement()
				.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
					.containsEntry("app.kubernetes.io/component", "redis"));
			assertThat(rule.getPorts()).extracting((rulePort) -> rulePort.getPort().getIntVal()).containsExactly(6379);
		}).anySatisfy((rule) -> {
			assertThat(rule.getTo()).isNullOrEmpty();
			assertThat(rule.getPorts()).extracting((rulePort) -> rulePort.getPort().getIntVal()).containsOnly(53);
		});
	}

	@Test
	void signalingForBrowsersHandsOutTurnFromASecretAndAPublicUrl() {
		List<HasMetadata> objects = render("browser-signaling.yaml");
		Deployment deployment = named(objects, Deployment.class, FULLNAME + "-signaling");
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
		Container signaling = firstContainer(deployment);
		assertThat(env(signaling, "SIGNALING_ICE_STUN_URLS")).isEqualTo("stun:turn.example.com:3478");
		// one comma-separated variable binds to the List of signaling.ice.turn-urls
		assertThat(env(signaling, "SIGNALING_ICE_TURN_URLS"))
			.isEqualTo("turn:turn.example.com:3478?transport=udp,turn:turn.example.com:3478?transport=tcp");
		EnvVar secret = signaling.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals("SIGNALING_ICE_TURN_SECRET"))
			.findFirst()
			.orElseThrow();
		assertThat(secret.getValue()).isNull();
		assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("coturn");
		assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("static-auth-secret");
		assertThat(env(signaling, "CDN_CORS_ALLOWED_ORIGINS")).isEqualTo("https://player.example.com");
		assertThat(env(firstContainer(deployments(objects, "router").get(0)), "ROUTER_SIGNALING"))
			.isEqualTo("wss://signal.example.com/v1/signal");
		// only the ingress controller's namespace (and listeners, tests, Prometheus) may
		// connect
		NetworkPolicy policy = named(objects, NetworkPolicy.class, FULLNAME + "-signaling");
		assertThat(policy.getSpec().getIngress()).singleElement().satisfies((rule) -> {
			assertThat(rule.getFrom()).filteredOn((peer) -> peer.getPodSelector() == null)
				.singleElement()
				.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
					.containsEntry("kubernetes.io/metadata.name", "ingress-nginx"));
			assertThat(rule.getFrom()).filteredOn((peer) -> peer.getPodSelector() != null)
				.extracting((peer) -> peer.getPodSelector().getMatchLabels())
				.extracting((labels) -> labels.getOrDefault("app.kubernetes.io/component",
						labels.get("app.kubernetes.io/name")))
				.containsExactlyInAnyOrder("sim-client", "test", "prometheus");
			assertThat(rule.getPorts()).extracting((rulePort) -> rulePort.getPort().getIntVal())
				.containsExactly(defaultPort("signaling-service"));
		});
	}

	@Test
	void oneRegionRunsSignalingOnItsMemoryStoreWithoutRedis() {
		List<HasMetadata> objects = render("one-region.yaml");
		Deployment deployment = named(objects, Deployment.class, FULLNAME + "-signaling");
		// the in-memory swarms never run twice, not even during a rollout
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
		Container signaling = firstContainer(deployment);
		assertThat(env(signaling, "SIGNALING_STORE")).isEqualTo("memory");
		assertThat(signaling.getEnv()).extracting(EnvVar::getName).doesNotContain("SIGNALING_REDIS_URL");
		assertThat(ofKind(objects, PodDisruptionBudget.class))
			.noneMatch((budget) -> "signaling".equals(component(budget)));
		// nobody needs Redis: none in the release
		assertThat(objects).noneMatch((object) -> "redis".equals(component(object)));
		assertThat(env(firstContainer(deployments(objects, "router").get(0)), "ROUTER_SIGNALING"))
			.isEqualTo("ws://" + FULLNAME + "-signaling:" + defaultPort("signaling-service") + "/v1/signal");

		// signaling on Redis alone still brings the bundled Redis, open to signaling only
		List<HasMetadata> signalingOnRedis = parse(
				template("", Map.of("tracker.store", "memory", "tracker.replicas", "1")));
		assertThat(deployments(signalingOnRedis, "redis")).hasSize(1);
		assertThat(named(signalingOnRedis, NetworkPolicy.class, FULLNAME + "-redis").getSpec().getIngress())
			.singleElement()
			.satisfies((rule) -> assertThat(rule.getFrom()).singleElement()
				.satisfies((peer) -> assertThat(peer.getPodSelector().getMatchLabels())
					.containsEntry("app.kubernetes.io/component", "signaling")));

		// without signaling, the router names none (its own default stays)
		List<HasMetadata> without = parse(template("", Map.of("signaling.enabled", "false")));
		assertThat(without).noneMatch((object) -> "signaling".equals(component(object)));
		assertThat(firstContainer(deployments(without, "router").get(0)).getEnv()).extracting(EnvVar::getName)
			.doesNotContain("ROUTER_SIGNALING");
	}

	@Test
	void everyServiceImageIsOneBuildImagesBuilds() throws IOException {
		String script = Files.readString(repository.resolve("docker/build-images.sh"));
		Matcher defaults = Pattern.compile("\\|\\| modules=\\(([^)]*)\\)").matcher(script);
		assertThat(defaults.find()).as("default module list of docker/build-images.sh").isTrue();
		List<String> built = List.of(defaults.group(1).trim().split("\\s+"));
		for (String module : built) {
			assertThat(script).as("spec() of %s", module).containsPattern("(?m)^\\s*" + module + "\\)\\s+echo");
		}
		for (Deployment deployment : ofKind(render(""), Deployment.class)) {
			String image = firstContainer(deployment).getImage();
			if (image.startsWith("hybrid-cdn/")) {
				assertThat(built).as("image %s of %s", image, name(deployment))
					.contains(image.substring("hybrid-cdn/".length(), image.indexOf(':')));
			}
		}
		assertThat(built).containsAll(MODULE_OF_COMPONENT.values());
	}

	@Test
	void externalRedisServiceMonitorAndNoListeners() {
		List<HasMetadata> objects = render("external-redis.yaml");
		assertThat(deployments(objects, "redis")).isEmpty();
		assertThat(deployments(objects, "sim-client")).isEmpty();
		Container tracker = firstContainer(deployments(objects, "tracker").get(0));
		EnvVar password = tracker.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals("REDIS_PASSWORD"))
			.findFirst()
			.orElseThrow();
		assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("tracker-redis");
		assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
		// Kubernetes expands $(REDIS_PASSWORD), defined before it
		assertThat(env(tracker, "TRACKER_REDIS_URL")).isEqualTo("redis://:$(REDIS_PASSWORD)@redis.data.svc:6379");
		// signaling reaches the same Redis the same way
		Container signaling = firstContainer(deployments(objects, "signaling").get(0));
		assertThat(signaling.getEnv()).filteredOn((variable) -> variable.getName().equals("REDIS_PASSWORD"))
			.singleElement()
			.isEqualTo(password);
		assertThat(env(signaling, "SIGNALING_REDIS_URL")).isEqualTo(env(tracker, "TRACKER_REDIS_URL"));
		// an external Redis may be anywhere: egress stays open, as the tracker's
		assertThat(named(objects, NetworkPolicy.class, FULLNAME + "-signaling").getSpec().getPolicyTypes())
			.containsExactly("Ingress");
		List<GenericKubernetesResource> monitors = ofKind(objects, GenericKubernetesResource.class);
		assertThat(monitors).extracting(GenericKubernetesResource::getKind).containsExactly("ServiceMonitor");
		GenericKubernetesResource monitor = monitors.get(0);
		assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
		assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
		assertThat(monitor.get("spec", "endpoints").toString()).contains("/actuator/prometheus").contains("port=http");
		assertThat(monitor.get("spec", "selector", "matchExpressions").toString())
			.contains("[origin, edge, tracker, router, signaling]");
	}

	@Test
	void tracingValuesReachEveryServiceAndTheListeners() {
		List<HasMetadata> plain = render("");
		for (String service : List.of("origin", "edge", "tracker", "router")) {
			Container container = firstContainer(deployments(plain, service).get(0));
			assertThat(env(container, "MANAGEMENT_TRACING_SAMPLING_PROBABILITY")).as(service).isEqualTo("0");
			assertThat(container.getEnv()).as(service)
				.noneMatch((variable) -> variable.getName().startsWith("MANAGEMENT_TRACING_EXPORT"));
		}
		assertThat(firstContainer(deployments(plain, "sim-client").get(0)).getArgs()).doesNotContain("--zipkin");

		String endpoint = "http://zipkin.observability.svc:9411/api/v2/spans";
		List<HasMetadata> traced = render("tracing.yaml");
		for (String service : List.of("origin", "edge", "tracker", "router")) {
			Container container = firstContainer(deployments(traced, service).get(0));
			assertThat(env(container, "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED")).as(service).isEqualTo("true");
			assertThat(env(container, "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT")).as(service).isEqualTo(endpoint);
		}
		assertThat(firstContainer(deployments(traced, "sim-client").get(0)).getArgs()).containsSequence("--zipkin",
				endpoint, "--trace-sampling", "0.05");
		// signaling does not trace: no tracing settings, no way to Zipkin
		assertThat(firstContainer(deployments(traced, "signaling").get(0)).getEnv()).extracting(EnvVar::getName)
			.noneMatch((variable) -> variable.startsWith("MANAGEMENT_TRACING"));
		assertThat(zipkinEgress(named(traced, NetworkPolicy.class, FULLNAME + "-signaling"))).isFalse();
		// the network policies let every traced pod reach Zipkin's port, and only with it
		for (NetworkPolicy policy : ofKind(traced, NetworkPolicy.class)) {
			if (!policy.getMetadata().getName().endsWith("redis")
					&& !policy.getMetadata().getName().endsWith("signaling")) {
				assertThat(zipkinEgress(policy)).as(policy.getMetadata().getName()).isTrue();
			}
		}
		assertThat(ofKind(plain, NetworkPolicy.class)).noneMatch(HelmChartTest::zipkinEgress);
	}

	private static boolean zipkinEgress(NetworkPolicy policy) {
		return policy.getSpec().getEgress() != null && policy.getSpec()
			.getEgress()
			.stream()
			.anyMatch((rule) -> rule.getPorts() != null && rule.getPorts()
				.stream()
				.anyMatch((port) -> port.getPort() != null && port.getPort().getIntVal() != null
						&& port.getPort().getIntVal() == 9411));
	}

	@Test
	void scrapeAnnotationsPointAtTheMetricsPorts() throws IOException {
		for (PodTemplateSpec template : podTemplates(render(""))) {
			String component = template.getMetadata().getLabels().get("app.kubernetes.io/component");
			if (component.equals("redis")) {
				continue;
			}
			Map<String, String> annotations = template.getMetadata().getAnnotations();
			assertThat(annotations).as(component).containsEntry("prometheus.io/scrape", "true");
			int port = Integer.parseInt(annotations.get("prometheus.io/port"));
			assertThat(template.getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getContainerPort)
				.contains(port);
			assertThat(annotations.get("prometheus.io/path"))
				.isEqualTo(component.equals("sim-client") ? "/metrics" : "/actuator/prometheus");
		}
	}

	@Test
	void dashboardsAreConfigMapsForGrafana() throws IOException {
		List<ConfigMap> dashboards = ofKind(render(""), ConfigMap.class).stream()
			.filter((map) -> "1".equals(map.getMetadata().getLabels().get("grafana_dashboard")))
			.toList();
		assertThat(dashboards).isNotEmpty();
		ObjectMapper json = new ObjectMapper();
		String exprs = "";
		for (ConfigMap map : dashboards) {
			for (String body : map.getData().values()) {
				JsonNode dashboard = json.readTree(body);
				assertThat(dashboard.path("panels").size()).isPositive();
				exprs += dashboard.findValuesAsText("expr");
			}
		}
		assertThat(dashboards).hasSize(4);
		assertThat(exprs).contains("cdn_client_segment_bytes_total{source=\"peer\"")
			.contains("cdn_edge_requests_total")
			.contains("cdn_origin_bytes_total")
			.contains("cdn_tracker_peers")
			.contains("cdn_router_edges_healthy")
			.contains("cdn_client_startup_seconds")
			.contains("cdn_client_rebuffer_seconds_total")
			.contains("cdn_tracker_lookup_segments_total")
			.contains("cdn_edge_upstream_fetch_seconds_bucket")
			.contains("jvm_memory_used_bytes");
	}

	@Test
	void networkPoliciesLetOnlyEdgesReachTheOrigin() {
		List<HasMetadata> objects = render("");
		NetworkPolicy origin = named(objects, NetworkPolicy.class, FULLNAME + "-origin");
		List<NetworkPolicyPeer> from = origin.getSpec()
			.getIngress()
			.stream()
			.flatMap((rule) -> rule.getFrom().stream())
			.toList();
		assertThat(from).allSatisfy((peer) -> {
			Map<String, String> labels = peer.getPodSelector().getMatchLabels();
			if (peer.getNamespaceSelector() == null) {
				assertThat(labels).containsEntry("app.kubernetes.io/component", "edge")
					.containsEntry("app.kubernetes.io/instance", RELEASE);
			}
			else {
				assertThat(labels).containsEntry("app.kubernetes.io/name", "prometheus");
			}
		});
		NetworkPolicy redis = named(objects, NetworkPolicy.class, FULLNAME + "-redis");
		assertThat(redis.getSpec().getIngress()).singleElement()
			.satisfies((rule) -> assertThat(rule.getFrom())
				.extracting((peer) -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
				.containsExactlyInAnyOrder("tracker", "signaling"));
		NetworkPolicy router = named(objects, NetworkPolicy.class, FULLNAME + "-router");
		assertThat(router.getSpec().getEgress())
			.anySatisfy((rule) -> assertThat(rule.getPorts()).extracting((port) -> port.getPort().getIntVal())
				.containsExactly(443, 6443));
		assertThat(render("one-region.yaml")).noneMatch((object) -> object instanceof NetworkPolicy);
	}

	@Test
	void routerSelectorFindsExactlyTheEdgePods() {
		List<HasMetadata> objects = render("");
		// every pod of this release, and an edge of another release in the same namespace
		List<PodTemplateSpec> templates = new ArrayList<>(podTemplates(objects));
		PodTemplateSpec foreign = podTemplates(render("five-regions.yaml")).stream()
			.filter((template) -> "edge".equals(template.getMetadata().getLabels().get("app.kubernetes.io/component")))
			.findFirst()
			.orElseThrow();
		Map<String, String> foreignLabels = new HashMap<>(foreign.getMetadata().getLabels());
		foreignLabels.put("app.kubernetes.io/instance", "other");
		int index = 0;
		for (PodTemplateSpec template : templates) {
			client.pods()
				.inNamespace(NAMESPACE)
				.resource(pod("pod-" + index++, template.getMetadata().getLabels(), template.getSpec()))
				.create();
		}
		client.pods().inNamespace(NAMESPACE).resource(pod("other-edge", foreignLabels, foreign.getSpec())).create();

		String selector = env(firstContainer(deployments(objects, "router").get(0)),
				"ROUTER_KUBERNETES_LABEL_SELECTOR");
		List<Pod> found = client.pods().inNamespace(NAMESPACE).withLabelSelector(selector).list().getItems();
		assertThat(found).hasSize(regions(objects).size()).allSatisfy((pod) -> {
			assertThat(pod.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "edge")
				.containsEntry("app.kubernetes.io/instance", RELEASE)
				.containsKey("topology.kubernetes.io/region");
			assertThat(pod.getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName)
				.contains("http");
		});
		assertThat(found).extracting((pod) -> pod.getMetadata().getLabels().get("cdn.region"))
			.containsExactlyInAnyOrderElementsOf(regions(objects));
	}

	@Test
	void helmTestPodsCheckRouteAndSegment(@TempDir Path copy) throws IOException {
		// helm-java renders no hooks: render a copy whose test pods are plain pods
		copyTree(chart, copy);
		try (Stream<Path> tests = Files.list(copy.resolve("templates/tests"))) {
			for (Path test : tests.toList()) {
				Files.writeString(test, Files.readString(test).replaceAll("(?m)^\\s*helm\\.sh/hook.*$", ""));
			}
		}
		List<Pod> pods = ofKind(parse(new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE).call()),
				Pod.class);
		assertThat(pods).extracting(HelmChartTest::name)
			.containsExactlyInAnyOrder(FULLNAME + "-test-route", FULLNAME + "-test-segment");
		for (Pod pod : pods) {
			assertRestrictedPod(name(pod), pod.getSpec(), false);
			Container container = pod.getSpec().getContainers().get(0);
			assertThat(env(container, "ROUTE_URL"))
				.isEqualTo("http://" + FULLNAME + "-router:8080/v1/route?region=us-east");
			assertThat(container.getImage()).isEqualTo("hybrid-cdn/sim-client:0.1.0-SNAPSHOT");
		}
		String segment = String.join("\n",
				named(pods, Pod.class, FULLNAME + "-test-segment").getSpec().getContainers().get(0).getArgs());
		assertThat(segment).contains("/v1/catalog").contains("master.m3u8").contains("sha256sum");
		String hooks = Files.readString(chart.resolve("templates/tests/test-cdn.yaml"));
		assertThat(hooks).contains("helm.sh/hook: test");
	}

	@Test
	void badValuesFailAtInstallWithTheKeyNamed(@TempDir Path dir) throws IOException {
		assertThatThrownBy(() -> template("", Map.of("tracker.replicas", "two")))
			.hasMessageContaining("/tracker/replicas")
			.hasMessageContaining("want integer");
		assertThatThrownBy(() -> template("", Map.of("regions[0].name", "US_East")))
			.hasMessageContaining("/regions/0/name")
			.hasMessageContaining("does not match pattern");
		assertThatThrownBy(() -> template("", Map.of("tracker.store", "memory")))
			.hasMessageContaining("/tracker/replicas")
			.hasMessageContaining("1");
		assertThatThrownBy(() -> template("", Map.of("redis.bundled", "false")))
			.hasMessageContaining("redis.bundled=false needs redis.external.url");
		// signaling alone on Redis needs one too
		assertThatThrownBy(() -> template("",
				Map.of("redis.bundled", "false", "tracker.store", "memory", "tracker.replicas", "1")))
			.hasMessageContaining("redis.bundled=false needs redis.external.url");
		assertThatThrownBy(() -> template("", Map.of("signaling.store", "memory")))
			.hasMessageContaining("/signaling/replicas")
			.hasMessageContaining("1");
		assertThatThrownBy(() -> template("", Map.of("signaling.store", "mem")))
			.hasMessageContaining("/signaling/store");
		assertThatThrownBy(() -> template("", Map.of("signaling.turn.existingSecret", "coturn")))
			.hasMessageContaining("signaling.turn.existingSecret needs signaling.turn.urls");
		assertThatThrownBy(() -> template("", Map.of("signaling.turn.urls[0]", "turn:turn.example.com:3478")))
			.hasMessageContaining("signaling.turn.urls needs signaling.turn.existingSecret");
		assertThatThrownBy(() -> template("", Map.of("signaling.stunUrls[0]", "turn.example.com:3478")))
			.hasMessageContaining("/signaling/stunUrls/0");
		assertThatThrownBy(() -> template("", Map.of("redis.external.url", "redis://elsewhere:6379")))
			.hasMessageContaining("set redis.bundled=false");
		Path twice = Files.writeString(dir.resolve("twice.yaml"), "regions: [{name: us-east}, {name: us-east}]\n");
		assertThatThrownBy(() -> template(twice.toString(), Map.of()))
			.hasMessageContaining("regions: region \"us-east\" is listed twice");
		assertThatThrownBy(() -> template("", Map.of("edge.port", "70000"))).hasMessageContaining("/edge/port");
		assertThatThrownBy(() -> template("", Map.of("simClient.unknown", "1"))).hasMessageContaining("unknown");
	}

	// --- security (issue 16): keys in two Secrets, mounted, the properties of ./cdn up

	static final String KEYS_DIR = "/etc/cdn/keys";

	/** The properties each keyed component gets, as ./cdn up passes them. */
	static final Map<String, Map<String, String>> SECURITY_ENV = Map.of("router",
			Map.of("ROUTER_TOKENS_KEYS_DIR", KEYS_DIR, "CDN_SIGNED_URLS_KEYS_FILE", KEYS_DIR + "/url-signing.keys"),
			"origin",
			Map.of("CDN_SIGNED_URLS_KEYS_FILE", KEYS_DIR + "/url-signing.keys", "CDN_SIGNED_URLS_REQUIRED", "true"),
			"edge",
			Map.of("CDN_SIGNED_URLS_KEYS_FILE", KEYS_DIR + "/url-signing.keys", "CDN_SIGNED_URLS_REQUIRED", "true",
					"EDGE_TOKENS_KEYS_DIR", KEYS_DIR),
			"tracker", Map.of("TRACKER_TOKENS_KEYS_DIR", KEYS_DIR), "signaling",
			Map.of("SIGNALING_TOKENS_KEYS_DIR", KEYS_DIR));

	@Test
	void securityIsOnByDefaultWithKeysTheKitReads(@TempDir Path dir) throws IOException {
		List<HasMetadata> objects = render("");
		Secret keys = named(objects, Secret.class, FULLNAME + "-keys");
		Secret signing = named(objects, Secret.class, FULLNAME + "-signing-key");
		String kid = decode(signing.getData().get("current")).strip();
		assertThat(kid).matches("helm-\\d{8}-\\d{6}-[a-z0-9]{4}");
		assertThat(keys.getData()).containsOnlyKeys(kid + ".pub.pem", "url-signing.keys", "operator.token");
		assertThat(signing.getData()).containsOnlyKeys("current", kid + ".key.pem");

		// what the router sees (both Secrets in one directory) signs; what the verifiers
		// see
		// (the public one) verifies and holds no private key
		Path router = Files.createDirectories(dir.resolve("router"));
		Path verifier = Files.createDirectories(dir.resolve("verifier"));
		for (Secret secret : List.of(keys, signing)) {
			for (Map.Entry<String, String> file : secret.getData().entrySet()) {
				Files.writeString(router.resolve(file.getKey()), decode(file.getValue()));
				if (secret == keys) {
					Files.writeString(verifier.resolve(file.getKey()), decode(file.getValue()));
				}
			}
		}
		assertThat(TokenKeys.loadSigning(router).signingKid()).isEqualTo(kid);
		assertThat(TokenKeys.loadVerifying(verifier).kids()).containsExactly(kid);
		UrlSigningKeys urlKeys = UrlSigningKeys.fromFile(verifier.resolve("url-signing.keys"));
		assertThat(urlKeys.kids()).containsExactly("u1");

		assertSecurityMounted(objects, FULLNAME + "-keys", FULLNAME + "-signing-key");
		// every render without a cluster makes new keys (lookup finds nothing to keep)
		assertThat(decode(named(parse(template("", Map.of())), Secret.class, FULLNAME + "-signing-key").getData()
			.values()
			.stream()
			.filter((value) -> decode(value).contains("PRIVATE KEY"))
			.findFirst()
			.orElseThrow())).isNotEqualTo(decode(signing.getData().get(kid + ".key.pem")));
	}

	@Test
	void everyAdminApiTakesTheOperatorTokenOfTheKeysSecret() {
		List<HasMetadata> objects = render("");
		String token = decode(named(objects, Secret.class, FULLNAME + "-keys").getData().get("operator.token"));
		assertThat(token).matches("[A-Za-z0-9]{32}");
		Map<String, String> variables = Map.of("origin", "ORIGIN_ADMIN_TOKEN_FILE", "edge", "EDGE_ADMIN_TOKEN_FILE",
				"tracker", "TRACKER_ADMIN_TOKEN_FILE", "router", "ROUTER_ADMIN_TOKEN_FILE");
		Set<String> seen = new java.util.HashSet<>();
		for (Deployment deployment : ofKind(objects, Deployment.class)) {
			String component = component(deployment);
			Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
			if (variables.containsKey(component)) {
				seen.add(component);
				assertThat(env(container, variables.get(component))).isEqualTo(KEYS_DIR + "/operator.token");
			}
			else {
				assertThat(container.getEnv()).extracting(EnvVar::getName)
					.noneMatch((variable) -> variable.endsWith("ADMIN_TOKEN_FILE"));
			}
			if (component.equals("router")) {
				// its takedowns delete the track at the origin
				assertThat(env(container, "ROUTER_ADMIN_ORIGIN_URL"))
					.isEqualTo("http://" + FULLNAME + "-origin:" + defaultPort("origin-service"));
			}
		}
		assertThat(seen).containsExactlyInAnyOrder("origin", "edge", "tracker", "router");

		// off: no admin API; the origin's own Secret instead of the shared token
		for (Deployment deployment : ofKind(parse(template("", Map.of("security.operatorToken", "false"))),
				Deployment.class)) {
			assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
				.extracting(EnvVar::getName)
				.noneMatch((variable) -> variable.endsWith("ADMIN_TOKEN_FILE"));
		}
		Container origin = ofKind(parse(template("", Map.of("origin.adminTokenSecret", "origin-admin"))),
				Deployment.class)
			.stream()
			.filter((deployment) -> component(deployment).equals("origin"))
			.findFirst()
			.orElseThrow()
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0);
		assertThat(origin.getEnv()).extracting(EnvVar::getName)
			.contains("ORIGIN_ADMIN_TOKEN")
			.doesNotContain("ORIGIN_ADMIN_TOKEN_FILE");
	}

	@Test
	void existingSecretsAreMountedAndNoneIsMade() {
		List<HasMetadata> objects = parse(template("",
				Map.of("security.existingSecret", "cdn-keys", "security.existingSigningSecret", "cdn-signing")));
		assertThat(ofKind(objects, Secret.class)).extracting(HelmChartTest::name)
			.doesNotContain(FULLNAME + "-keys", FULLNAME + "-signing-key");
		assertSecurityMounted(objects, "cdn-keys", "cdn-signing");
		assertThatThrownBy(() -> template("", Map.of("security.existingSecret", "cdn-keys")))
			.hasMessageContaining("security.existingSecret needs security.existingSigningSecret");
		assertThatThrownBy(() -> template("", Map.of("security.existingSigningSecret", "cdn-signing")))
			.hasMessageContaining("security.existingSigningSecret needs security.existingSecret");
		assertThatThrownBy(() -> template("", Map.of("security.existingSecret", "Bad_Name")))
			.hasMessageContaining("/security/existingSecret");
	}

	@Test
	void securityDisabledRendersNoKeysNoMountsAndNoProperties() {
		List<HasMetadata> objects = parse(template("", Map.of("security.enabled", "false")));
		assertThat(ofKind(objects, Secret.class)).extracting(HelmChartTest::name)
			.doesNotContain(FULLNAME + "-keys", FULLNAME + "-signing-key");
		for (PodTemplateSpec template : podTemplates(objects)) {
			PodSpec spec = template.getSpec();
			assertThat(spec.getVolumes()).extracting(Volume::getName).doesNotContain("keys");
			for (Container container : spec.getContainers()) {
				assertThat(container.getEnv()).extracting(EnvVar::getName)
					.noneMatch((variable) -> variable.contains("TOKENS_KEYS") || variable.contains("SIGNED_URLS"));
				assertThat(container.getVolumeMounts()).extracting(VolumeMount::getName).doesNotContain("keys");
			}
		}
	}

	/**
	 * Each keyed component mounts the public Secret read-only at /etc/cdn/keys with its
	 * properties; only the router mounts the signing Secret, and no other pod mounts
	 * keys.
	 */
	static void assertSecurityMounted(List<HasMetadata> objects, String keysSecret, String signingSecret) {
		for (Deployment deployment : ofKind(objects, Deployment.class)) {
			String component = component(deployment);
			PodSpec spec = deployment.getSpec().getTemplate().getSpec();
			Container container = spec.getContainers().get(0);
			Volume keys = spec.getVolumes()
				.stream()
				.filter((volume) -> volume.getName().equals("keys"))
				.findFirst()
				.orElse(null);
			if (!SECURITY_ENV.containsKey(component)) {
				assertThat(keys).as("keys in %s", name(deployment)).isNull();
				continue;
			}
			SECURITY_ENV.get(component)
				.forEach((variable, value) -> assertThat(env(container, variable))
					.as("%s of %s", variable, name(deployment))
					.isEqualTo(value));
			assertThat(container.getVolumeMounts()).filteredOn((mount) -> mount.getName().equals("keys"))
				.singleElement()
				.satisfies((mount) -> {
					assertThat(mount.getMountPath()).isEqualTo(KEYS_DIR);
					assertThat(mount.getReadOnly()).isTrue();
				});
			assertThat(keys).as("keys volume of %s", name(deployment)).isNotNull();
			if (component.equals("router")) {
				assertThat(keys.getProjected().getSources()).extracting((source) -> source.getSecret().getName())
					.containsExactly(keysSecret, signingSecret);
				assertThat(keys.getProjected().getDefaultMode()).isEqualTo(0440);
			}
			else {
				assertThat(keys.getSecret().getSecretName()).isEqualTo(keysSecret);
				assertThat(keys.getSecret().getDefaultMode()).isEqualTo(0440);
			}
		}
	}

	static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
	}

	// --- rendering and reading

	static List<HasMetadata> render(String values) {
		return rendered.computeIfAbsent(values, (key) -> parse(template(key, Map.of())));
	}

	static String template(String values, Map<String, String> sets) {
		TemplateCommand command = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
		if (!values.isEmpty()) {
			command = command.withValuesFile(valuesFile(values));
		}
		for (Map.Entry<String, String> set : sets.entrySet()) {
			command = command.set(set.getKey(), set.getValue());
		}
		return command.call();
	}

	static Path valuesFile(String name) {
		// a bare name is one of the value sets; an absolute path is a test's own file
		return repository.resolve("cdn-deploy/src/test/resources/chart-values").resolve(name);
	}

	static List<HasMetadata> parse(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifests.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch((line) -> line.startsWith("kind:"))) {
				objects.add(Serialization.unmarshal(document, HasMetadata.class));
			}
		}
		return objects;
	}

	static <T extends HasMetadata> List<T> ofKind(List<? extends HasMetadata> objects, Class<T> kind) {
		return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	static <T extends HasMetadata> T named(List<? extends HasMetadata> objects, Class<T> kind, String name) {
		return ofKind(objects, kind).stream()
			.filter((object) -> object.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
	}

	static List<Deployment> deployments(List<HasMetadata> objects, String component) {
		return ofKind(objects, Deployment.class).stream()
			.filter((deployment) -> component.equals(component(deployment)))
			.toList();
	}

	static List<PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
		return ofKind(objects, Deployment.class).stream()
			.map((deployment) -> deployment.getSpec().getTemplate())
			.toList();
	}

	/**
	 * Regions in values order, from the router's default region and the edge Deployments.
	 */
	static List<String> regions(List<HasMetadata> objects) {
		return deployments(objects, "edge").stream()
			.map((deployment) -> deployment.getSpec().getTemplate().getMetadata().getLabels().get("cdn.region"))
			.toList();
	}

	static String component(HasMetadata object) {
		return object.getMetadata().getLabels().get("app.kubernetes.io/component");
	}

	static String name(HasMetadata object) {
		return object.getMetadata().getName();
	}

	static boolean matches(Map<String, String> selector, Map<String, String> labels) {
		return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
	}

	static ContainerPort containerPort(PodTemplateSpec template, String name) {
		return template.getSpec()
			.getContainers()
			.stream()
			.flatMap((container) -> container.getPorts().stream())
			.filter((port) -> name.equals(port.getName()))
			.findFirst()
			.orElse(null);
	}

	static Container firstContainer(Deployment deployment) {
		return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
	}

	static String env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.map(EnvVar::getValue)
			.filter(Objects::nonNull)
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
	}

	/** {@code ${PORT:NNNN}} of a service's application.yml. */
	static int defaultPort(String module) {
		try {
			String yml = Files.readString(repository.resolve(module).resolve("src/main/resources/application.yml"));
			Matcher port = Pattern.compile("\\$\\{PORT:(\\d+)}").matcher(yml);
			assertThat(port.find()).as("${PORT:...} in %s", module).isTrue();
			return Integer.parseInt(port.group(1));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
	}

	static void assertRestrictedPod(String what, PodSpec spec, boolean longRunning) {
		PodSecurityContext pod = spec.getSecurityContext();
		assertThat(pod.getRunAsNonRoot()).as("runAsNonRoot of %s", what).isTrue();
		assertThat(pod.getRunAsUser()).isEqualTo(10001L);
		assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		Set<String> emptyDirs = spec.getVolumes()
			.stream()
			.filter((volume) -> volume.getEmptyDir() != null)
			.map((volume) -> volume.getName())
			.collect(Collectors.toSet());
		for (Container container : spec.getContainers()) {
			String where = what + "/" + container.getName();
			if (longRunning) {
				assertThat(container.getLivenessProbe()).as("liveness of %s", where).isNotNull();
				assertThat(container.getReadinessProbe()).as("readiness of %s", where).isNotNull();
			}
			ResourceRequirements resources = container.getResources();
			assertThat(resources.getRequests()).as("requests of %s", where).containsKeys("cpu", "memory");
			assertThat(resources.getLimits()).as("limits of %s", where).containsKeys("cpu", "memory");
			SecurityContext security = container.getSecurityContext();
			assertThat(security.getRunAsNonRoot()).as("runAsNonRoot of %s", where).isTrue();
			assertThat(security.getRunAsUser()).isEqualTo(10001L);
			assertThat(security.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", where).isFalse();
			assertThat(security.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", where).isTrue();
			assertThat(security.getCapabilities().getDrop()).as("capabilities of %s", where).containsExactly("ALL");
			assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
			assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
			// a read-only root needs a writable /tmp
			assertThat(container.getVolumeMounts()).as("/tmp of %s", where).anySatisfy((mount) -> {
				assertThat(mount.getMountPath()).isEqualTo("/tmp");
				assertThat(emptyDirs).contains(mount.getName());
			});
		}
	}

	static Pod pod(String name, Map<String, String> labels, PodSpec spec) {
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(NAMESPACE)
			.withLabels(labels)
			.endMetadata()
			.withSpec(spec)
			.build();
	}

	static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

}
