{{/* Names, labels and the pieces every workload shares. */}}

{{- define "cdn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* <release>-cdn, or the release name alone when it already contains the chart name */}}
{{- define "cdn.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* name of a component's objects: (dict "root" $ "component" "edge-us-east") */}}
{{- define "cdn.componentName" -}}
{{- printf "%s-%s" (include "cdn.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "cdn.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* selector labels of a component: (dict "root" $ "component" "tracker") */}}
{{- define "cdn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cdn.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "cdn.labels" -}}
{{ include "cdn.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: hybrid-cdn
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ include "cdn.chart" .root }}
{{- end -}}

{{/* labels selecting this release's edge pods (all regions): the router's discovery */}}
{{- define "cdn.edgeSelector" -}}
app.kubernetes.io/name={{ include "cdn.name" . }},app.kubernetes.io/instance={{ .Release.Name }},app.kubernetes.io/component=edge
{{- end -}}

{{/* image of a service: (dict "root" $ "service" "router-service") */}}
{{- define "cdn.image" -}}
{{- $image := .root.Values.image -}}
{{- $tag := default .root.Chart.AppVersion $image.tag -}}
{{- if $image.registry -}}
{{- printf "%s/%s/%s:%s" $image.registry $image.repository .service $tag -}}
{{- else -}}
{{- printf "%s/%s:%s" $image.repository .service $tag -}}
{{- end -}}
{{- end -}}

{{- define "cdn.originUrl" -}}
http://{{ include "cdn.componentName" (dict "root" . "component" "origin") }}:{{ .Values.origin.port }}
{{- end -}}

{{- define "cdn.trackerUrl" -}}
http://{{ include "cdn.componentName" (dict "root" . "component" "tracker") }}:{{ .Values.tracker.port }}
{{- end -}}

{{/* the WebSocket the router's route answers name, reachable inside the cluster */}}
{{- define "cdn.signalingUrl" -}}
ws://{{ include "cdn.componentName" (dict "root" . "component" "signaling") }}:{{ .Values.signaling.port }}/v1/signal
{{- end -}}

{{- define "cdn.routerUrl" -}}
http://{{ include "cdn.componentName" (dict "root" . "component" "router") }}:{{ .Values.router.port }}
{{- end -}}

{{- define "cdn.redisName" -}}
{{ include "cdn.componentName" (dict "root" . "component" "redis") }}
{{- end -}}

{{/* "true" when a component keeps its state in Redis (tracker, signaling) */}}
{{- define "cdn.redisUsed" -}}
{{- if or (eq .Values.tracker.store "redis") (and .Values.signaling.enabled (eq .Values.signaling.store "redis")) -}}
true
{{- end -}}
{{- end -}}

{{/* the <variable> a service reads its Redis URL from, built from redis.*: (dict "root" $ "variable" "TRACKER_REDIS_URL") */}}
{{- define "cdn.redisUrlEnv" -}}
{{- $root := .root -}}
{{- $external := $root.Values.redis.external -}}
{{- if $root.Values.redis.bundled }}
- name: {{ .variable }}
  value: {{ printf "redis://%s:%v" (include "cdn.redisName" $root) $root.Values.redis.port | quote }}
{{- else if and $external.existingSecret $external.urlKey }}
- name: {{ .variable }}
  valueFrom:
    secretKeyRef:
      name: {{ $external.existingSecret }}
      key: {{ $external.urlKey }}
{{- else if and $external.existingSecret $external.passwordKey }}
- name: REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $external.existingSecret }}
      key: {{ $external.passwordKey }}
# Kubernetes puts the password in (it must be URL-safe)
- name: {{ .variable }}
  value: {{ regexReplaceAll "^(rediss?://)" $external.url "${1}:$(REDIS_PASSWORD)@" | quote }}
{{- else }}
- name: {{ .variable }}
  value: {{ $external.url | quote }}
{{- end }}
{{- end -}}

{{- define "cdn.firstRegion" -}}
{{- (first .Values.regions).name -}}
{{- end -}}

{{- define "cdn.regionNames" -}}
{{- $names := list -}}
{{- range .Values.regions }}{{ $names = append $names .name }}{{ end -}}
{{- join "," $names -}}
{{- end -}}

{{- define "cdn.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "cdn.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{- define "cdn.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets -}}
imagePullSecrets:
{{ toYaml . }}
{{- end -}}
{{- end -}}

{{/* pod annotations for annotation-based Prometheus scraping: (dict "root" $ "port" 8080 "path" "/actuator/prometheus") */}}
{{- define "cdn.scrapeAnnotations" -}}
{{- if .root.Values.metrics.podAnnotations -}}
annotations:
  prometheus.io/scrape: "true"
  prometheus.io/port: {{ .port | quote }}
  prometheus.io/path: {{ .path | quote }}
{{- end -}}
{{- end -}}

{{/* actuator probes of a Spring service on its port named "http" */}}
{{- define "cdn.actuatorProbes" -}}
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* a JVM takes a while to start on a small CPU limit; liveness waits for this */}}
{{- define "cdn.startupProbe" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: http
  periodSeconds: {{ .periodSeconds | default 3 }}
  timeoutSeconds: 3
  failureThreshold: {{ .failureThreshold | default 40 }}
{{- end -}}

{{/* environment every Java service gets: (dict "root" $ "extra" "-Xmx...");
"noTracing" true for a service that sends no spans (signaling) */}}
{{- define "cdn.javaEnv" -}}
{{- $options := trim (printf "%s %s" (default "" .extra) .root.Values.javaToolOptions) -}}
{{- if $options }}
- name: JAVA_TOOL_OPTIONS
  value: {{ $options | quote }}
{{- end }}
{{- if not .noTracing }}
{{- with .root.Values.tracing }}
- name: MANAGEMENT_TRACING_SAMPLING_PROBABILITY
  value: {{ .serviceSampling | toString | quote }}
{{- if .zipkinEndpoint }}
- name: MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED
  value: "true"
- name: MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT
  value: {{ .zipkinEndpoint | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* the writable /tmp of a read-only root filesystem */}}
{{- define "cdn.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ . }}
{{- end -}}

{{- define "cdn.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{- define "cdn.serviceMonitorEnabled" -}}
{{- $enabled := .Values.metrics.serviceMonitor.enabled -}}
{{- if or (eq (toString $enabled) "true") (and (eq (toString $enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor")) -}}
true
{{- end -}}
{{- end -}}

{{- define "cdn.prometheusRuleEnabled" -}}
{{- $enabled := .Values.metrics.prometheusRule.enabled -}}
{{- if or (eq (toString $enabled) "true") (and (eq (toString $enabled) "auto") (.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/PrometheusRule")) -}}
true
{{- end -}}
{{- end -}}

{{/* NetworkPolicy ports: (list 8080 8081) */}}
{{- define "cdn.tcpPorts" -}}
{{- range $i, $port := . }}
{{- if $i }}{{ "\n" }}{{ end -}}
- protocol: TCP
  port: {{ $port }}
{{- end }}
{{- end -}}

{{/* ---- security (issue 16): listener tokens and signed URLs, keys from two Secrets
(templates/security.yaml makes them unless security.existingSecret) */}}

{{/* the Secret every keyed service mounts: <kid>.pub.pem (1-2) and url-signing.keys */}}
{{- define "cdn.keysSecretName" -}}
{{- default (include "cdn.componentName" (dict "root" . "component" "keys")) .Values.security.existingSecret -}}
{{- end -}}

{{/* the Secret only the router mounts: current and <kid>.key.pem */}}
{{- define "cdn.signingSecretName" -}}
{{- default (include "cdn.componentName" (dict "root" . "component" "signing-key")) .Values.security.existingSigningSecret -}}
{{- end -}}

{{- define "cdn.keysDir" -}}
/etc/cdn/keys
{{- end -}}

{{/* env of a keyed service: (dict "root" $ "role" "router|content|edge|tracker|signaling");
the properties ./cdn up passes (content: the origin; edge: the origin's and the listener
tokens an edge takes in place of a signature) */}}
{{- define "cdn.securityEnv" -}}
{{- if .root.Values.security.enabled -}}
{{- $dir := include "cdn.keysDir" .root -}}
{{- if eq .role "router" }}
- name: ROUTER_TOKENS_KEYS_DIR
  value: {{ $dir }}
- name: CDN_SIGNED_URLS_KEYS_FILE
  value: {{ $dir }}/url-signing.keys
{{- else if or (eq .role "content") (eq .role "edge") }}
- name: CDN_SIGNED_URLS_KEYS_FILE
  value: {{ $dir }}/url-signing.keys
- name: CDN_SIGNED_URLS_REQUIRED
  value: "true"
{{- if eq .role "edge" }}
- name: EDGE_TOKENS_KEYS_DIR
  value: {{ $dir }}
{{- end }}
{{- else if eq .role "tracker" }}
- name: TRACKER_TOKENS_KEYS_DIR
  value: {{ $dir }}
{{- else if eq .role "signaling" }}
- name: SIGNALING_TOKENS_KEYS_DIR
  value: {{ $dir }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* the operator token of a service's admin API (security.operatorToken), from the keys
Secret: (dict "root" $ "service" "ORIGIN|EDGE|TRACKER|ROUTER"); the router also learns where
the origin is (its takedowns delete the track there) */}}
{{- define "cdn.operatorEnv" -}}
{{- if and .root.Values.security.enabled .root.Values.security.operatorToken -}}
- name: {{ .service }}_ADMIN_TOKEN_FILE
  value: {{ include "cdn.keysDir" .root }}/operator.token
{{- if eq .service "ROUTER" }}
- name: ROUTER_ADMIN_ORIGIN_URL
  value: {{ include "cdn.originUrl" .root }}
{{- end }}
{{- end -}}
{{- end -}}

{{- define "cdn.keysMount" -}}
{{- if .Values.security.enabled }}
- name: keys
  mountPath: {{ include "cdn.keysDir" . }}
  readOnly: true
{{- end -}}
{{- end -}}

{{/* the keys volume: (dict "root" $ "signing" true) for the router (both Secrets in one
directory), the public one alone otherwise; group-readable through fsGroup 10001 */}}
{{- define "cdn.keysVolume" -}}
{{- if .root.Values.security.enabled }}
- name: keys
  {{- if .signing }}
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "cdn.keysSecretName" .root }}
      - secret:
          name: {{ include "cdn.signingSecretName" .root }}
  {{- else }}
  secret:
    secretName: {{ include "cdn.keysSecretName" .root }}
    defaultMode: 0440
  {{- end }}
{{- end -}}
{{- end -}}
