package k8suniquehosts

ingress(ns, name, hosts) = {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": name, "namespace": ns},
	"spec": {"rules": [{"host": h} | h := hosts[_]]},
}

review(obj) = {"review": {"kind": {"kind": "Ingress", "group": "networking.k8s.io"}, "object": obj}}

inventory(objs) = {"namespace": {ns: {"networking.k8s.io/v1": {"Ingress": {o.metadata.name: o | o := objs[_]; o.metadata.namespace == ns}}} | ns := objs[_].metadata.namespace}}

test_unique_host_passes {
	existing := [ingress("shop", "web", ["shop.example.com"])]
	count(violation) == 0 with input as review(ingress("blog", "web", ["blog.example.com"])) with data.inventory as inventory(existing)
}

test_conflicting_host_in_other_namespace {
	existing := [ingress("shop", "web", ["shop.example.com"]), ingress("blog", "web", ["blog.example.com"])]
	results := violation with input as review(ingress("evil", "grab", ["shop.example.com"])) with data.inventory as inventory(existing)
	results == {{"msg": "ingress host conflicts with an existing ingress <shop.example.com>", "details": {"host": "shop.example.com", "conflict": "shop/web"}}}
}

test_updating_itself_is_not_a_conflict {
	existing := [ingress("shop", "web", ["shop.example.com"])]
	count(violation) == 0 with input as review(ingress("shop", "web", ["shop.example.com", "www.shop.example.com"])) with data.inventory as inventory(existing)
}

test_duplicate_host_within_one_ingress {
	obj := ingress("shop", "web", ["a.example.com", "b.example.com", "a.example.com"])
	violation[{"msg": "host <a.example.com> appears in rules 0 and 2"}] with input as review(obj) with data.inventory as {}
}

test_other_kinds_are_ignored {
	inp := {"review": {"kind": {"kind": "Service", "group": ""}, "object": {"metadata": {"name": "x", "namespace": "y"}, "spec": {"rules": [{"host": "a"}, {"host": "a"}]}}}}
	count(violation) == 0 with input as inp
}
