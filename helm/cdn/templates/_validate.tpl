{{/* Combinations the schema cannot express: fail at install with the key's name. */}}
{{- define "cdn.validate" -}}
{{- $names := list -}}
{{- range .Values.regions -}}
{{- if has .name $names -}}
{{- fail (printf "regions: region %q is listed twice" .name) -}}
{{- end -}}
{{- $names = append $names .name -}}
{{- $scaling := merge (dict) (default (dict) .autoscaling) $.Values.edge.autoscaling -}}
{{- if and .autoscaling (hasKey .autoscaling "enabled") }}{{ $_ := set $scaling "enabled" .autoscaling.enabled }}{{ end -}}
{{- if and $scaling.enabled (gt (int $scaling.minReplicas) (int $scaling.maxReplicas)) -}}
{{- fail (printf "regions[%s].autoscaling: minReplicas (%v) must not exceed maxReplicas (%v)" .name $scaling.minReplicas $scaling.maxReplicas) -}}
{{- end -}}
{{- end -}}
{{- if and (eq .Values.tracker.store "memory") (ne (int .Values.tracker.replicas) 1) -}}
{{- fail (printf "tracker.replicas must be 1 with tracker.store=memory (each replica would hold its own peers); use tracker.store=redis for %v replicas" .Values.tracker.replicas) -}}
{{- end -}}
{{- $security := .Values.security -}}
{{- if and $security.existingSecret (not $security.existingSigningSecret) -}}
{{- fail "security.existingSecret needs security.existingSigningSecret (the router's Secret with current and <kid>.key.pem)" -}}
{{- end -}}
{{- if and $security.existingSigningSecret (not $security.existingSecret) -}}
{{- fail "security.existingSigningSecret needs security.existingSecret (the Secret with <kid>.pub.pem and url-signing.keys)" -}}
{{- end -}}
{{- $signaling := .Values.signaling -}}
{{- if $signaling.enabled -}}
{{- if and (eq $signaling.store "memory") (ne (int $signaling.replicas) 1) -}}
{{- fail (printf "signaling.replicas must be 1 with signaling.store=memory (each replica would hold its own swarms); use signaling.store=redis for %v replicas" $signaling.replicas) -}}
{{- end -}}
{{- if and $signaling.turn.existingSecret (not $signaling.turn.urls) -}}
{{- fail "signaling.turn.existingSecret needs signaling.turn.urls (the TURN servers the credentials are for)" -}}
{{- end -}}
{{- if and $signaling.turn.urls (not $signaling.turn.existingSecret) -}}
{{- fail "signaling.turn.urls needs signaling.turn.existingSecret (the secret shared with coturn; without it no TURN server is handed out)" -}}
{{- end -}}
{{- end -}}
{{- if include "cdn.redisUsed" . -}}
{{- $external := .Values.redis.external -}}
{{- $hasExternal := or $external.url $external.existingSecret -}}
{{- if and .Values.redis.bundled $hasExternal -}}
{{- fail "redis: set redis.bundled=false to use redis.external (both are set)" -}}
{{- end -}}
{{- if and (not .Values.redis.bundled) (not $hasExternal) -}}
{{- fail "redis: redis.bundled=false needs redis.external.url or redis.external.existingSecret (or the memory store with 1 replica for the tracker and signaling)" -}}
{{- end -}}
{{- if $external.existingSecret -}}
{{- if not (or $external.urlKey $external.passwordKey) -}}
{{- fail "redis.external.existingSecret: name the Secret's key with redis.external.urlKey (whole URL) or redis.external.passwordKey (password, with redis.external.url)" -}}
{{- end -}}
{{- if and $external.passwordKey (not $external.urlKey) (not $external.url) -}}
{{- fail "redis.external.passwordKey needs redis.external.url (the URL the password is put into)" -}}
{{- end -}}
{{- end -}}
{{- if and $external.url (not (regexMatch "^rediss?://" $external.url)) -}}
{{- fail (printf "redis.external.url must start with redis:// or rediss:// (got %q)" $external.url) -}}
{{- end -}}
{{- if and $external.url $external.passwordKey (contains "@" $external.url) -}}
{{- fail "redis.external.url must not carry a password when redis.external.passwordKey is set" -}}
{{- end -}}
{{- end -}}
{{- end -}}
