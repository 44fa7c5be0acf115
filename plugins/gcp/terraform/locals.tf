# Names and sizes derived from the inputs, shared by every file of the module.
locals {
  name           = var.environment
  project_number = data.google_project.current.number
  bucket_prefix  = coalesce(var.bucket_prefix, "${var.project_id}-${var.environment}")
  # Database names and users are PostgreSQL identifiers: no hyphens.
  db_namespace = replace(var.namespace, "-", "_")
  # Workload Identity: Kubernetes service account <namespace>/<name> acts as a Google service account.
  workload_pool = "${var.project_id}.svc.id.goog"
  # Commons secrets are named <environment>-<namespace>-<name> (the names the renderer's ExternalSecrets read).
  secret_prefix = "${local.name}-${var.namespace}"

  # Size tiers (docs/plugins/gcp.md has their monthly cost). Nodes are per zone of the regional cluster.
  tiers = {
    small = {
      node_machine_type   = "e2-standard-4"
      node_min_count      = 1
      node_max_count      = 2
      search_machine_type = "e2-standard-2"
      postgres_tier       = "db-custom-2-7680"
      postgres_ha         = false
      postgres_disk_gb    = 20
    }
    medium = {
      node_machine_type   = "e2-standard-8"
      node_min_count      = 1
      node_max_count      = 4
      search_machine_type = "e2-standard-4"
      postgres_tier       = "db-custom-4-15360"
      postgres_ha         = true
      postgres_disk_gb    = 100
    }
    large = {
      node_machine_type   = "n2-standard-16"
      node_min_count      = 2
      node_max_count      = 8
      search_machine_type = "n2-highmem-4"
      postgres_tier       = "db-custom-8-30720"
      postgres_ha         = true
      postgres_disk_gb    = 500
    }
  }
  tier = local.tiers[var.size]

  node_machine_type = coalesce(var.node_machine_type, local.tier.node_machine_type)
  node_max_count    = coalesce(var.node_max_count, local.tier.node_max_count)
  postgres_tier     = coalesce(var.postgres_tier, local.tier.postgres_tier)
  postgres_ha       = var.postgres_high_availability != null ? var.postgres_high_availability : local.tier.postgres_ha

  # Elasticsearch 7 runs on the cluster (the gen3 chart's elasticsearch subchart, service
  # gen3-elasticsearch-master): plain HTTP inside the commons namespace, as tube and guppy expect.
  es_endpoint = "http://gen3-elasticsearch-master:9200"

  labels = merge(var.labels, {
    "csoc-commons"    = var.environment
    "csoc-namespace"  = var.namespace
    "csoc-managed-by" = "csoc-plugin-gcp"
  })
}
