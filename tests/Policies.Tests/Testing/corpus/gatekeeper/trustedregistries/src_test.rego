package k8strustedregistries

pod(containers, init) = {"review": {"object": {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": containers, "initContainers": init}}}}

params = {"registries": ["registry.corp/", "ghcr.io/fleet"]}

with_params(review, p) = object.union(review, {"parameters": p})

test_trusted_images_pass {
	inp := with_params(pod([{"name": "app", "image": "registry.corp/app:1.2"}], [{"name": "init", "image": "ghcr.io/fleet/migrate:3"}]), params)
	count(violation) == 0 with input as inp
}

test_untrusted_container_is_reported {
	inp := with_params(pod([{"name": "app", "image": "docker.io/library/nginx:1.27"}], []), params)
	violation[v] with input as inp
	v.details == {"container": "app", "image": "docker.io/library/nginx:1.27"}
}

test_untrusted_init_container_is_reported {
	inp := with_params(pod([{"name": "app", "image": "registry.corp/app:1.2"}], [{"name": "setup", "image": "busybox"}]), params)
	results := violation with input as inp
	count(results) == 1
	results[{"msg": _, "details": {"container": "setup", "image": "busybox"}}]
}

test_lookalike_host_is_not_trusted {
	inp := with_params(pod([{"name": "app", "image": "registry.corp.evil.io/app:1"}], []), params)
	count(violation) == 1 with input as inp
}

test_exempt_image_by_prefix {
	p := object.union(params, {"exemptImages": ["quay.io/cilium/*", "busybox"]})
	inp := with_params(pod([{"name": "agent", "image": "quay.io/cilium/cilium:v1.16"}], [{"name": "s", "image": "busybox"}]), p)
	count(violation) == 0 with input as inp
}

test_digest_required {
	p := object.union(params, {"requireDigest": true})
	inp := with_params(pod([
		{"name": "pinned", "image": "registry.corp/app@sha256:0f1e2d"},
		{"name": "tagged", "image": "registry.corp/app:1.2"},
	], []), p)
	results := violation with input as inp
	results == {{"msg": "container <tagged> must pin its image by digest"}}
}
