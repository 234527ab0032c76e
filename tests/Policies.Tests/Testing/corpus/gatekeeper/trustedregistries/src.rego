# Images come only from the registries the cluster trusts, and by digest where parameters.requireDigest is set.
package k8strustedregistries

import data.lib.exempt_images.is_exempt
import data.lib.exempt_images.pod_containers

violation[{"msg": msg, "details": {"container": c.name, "image": c.image}}] {
	c := pod_containers[_]
	not is_exempt(c)
	not trusted(c.image)
	msg := sprintf("container <%v> uses image <%v> from an untrusted registry; trusted: %v", [c.name, c.image, input.parameters.registries])
}

violation[{"msg": msg}] {
	input.parameters.requireDigest
	c := pod_containers[_]
	not is_exempt(c)
	not contains(c.image, "@sha256:")
	msg := sprintf("container <%v> must pin its image by digest", [c.name])
}

# A registry entry matches on a whole host or path segment: "registry.corp" must not admit "registry.corp.evil.io".
trusted(image) {
	registry := input.parameters.registries[_]
	startswith(image, concat("", [trim_suffix(registry, "/"), "/"]))
}

