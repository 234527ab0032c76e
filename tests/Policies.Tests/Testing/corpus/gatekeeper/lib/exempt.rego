# Shared by the templates that look at images: parameters.exemptImages lists images that are left alone,
# exactly or, for an entry ending in "*", by prefix.
package lib.exempt_images

is_exempt(container) {
	exempt := object.get(object.get(input, "parameters", {}), "exemptImages", [])
	entry := exempt[_]
	matches(container.image, entry)
}

matches(image, entry) {
	not endswith(entry, "*")
	image == entry
}

matches(image, entry) {
	endswith(entry, "*")
	startswith(image, trim_suffix(entry, "*"))
}

# Every container of a pod: init and ephemeral containers run with the same rights.
pod_containers[c] {
	c := input.review.object.spec.containers[_]
}

pod_containers[c] {
	c := input.review.object.spec.initContainers[_]
}

pod_containers[c] {
	c := input.review.object.spec.ephemeralContainers[_]
}
