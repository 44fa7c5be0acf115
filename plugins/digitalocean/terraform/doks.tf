# DOKS: the Kubernetes cluster Gen3 runs on, an autoscaled default pool, and a pool sized for Elasticsearch 7,
# labelled csoc.gen3.org/pool=search. Not tainted: until the rendered Elasticsearch selects that label, a
# taint would leave the pool idle; any pod may use it meanwhile.
data "digitalocean_kubernetes_versions" "selected" {
  version_prefix = "${var.kubernetes_version}."
}

resource "digitalocean_kubernetes_cluster" "main" {
  name          = local.name
  region        = var.region
  version       = data.digitalocean_kubernetes_versions.selected.latest_version
  vpc_uuid      = digitalocean_vpc.main.id
  ha            = var.ha_control_plane
  auto_upgrade  = false
  surge_upgrade = true
  tags          = local.tags

  node_pool {
    name       = "${local.name}-default"
    size       = local.tier.node_size
    auto_scale = true
    min_nodes  = local.tier.node_min
    max_nodes  = local.tier.node_max
    labels     = { "csoc.gen3.org/pool" = "default" }
    tags       = local.tags
  }

  maintenance_policy {
    day        = "sunday"
    start_time = "04:00"
  }

  control_plane_firewall {
    enabled           = length(var.control_plane_allowed_addresses) > 0
    allowed_addresses = var.control_plane_allowed_addresses
  }
}

resource "digitalocean_kubernetes_node_pool" "search" {
  cluster_id = digitalocean_kubernetes_cluster.main.id
  name       = "${local.name}-search"
  size       = local.tier.search_size
  node_count = local.tier.search_nodes
  labels     = { "csoc.gen3.org/pool" = "search" }
  tags       = local.tags
}
