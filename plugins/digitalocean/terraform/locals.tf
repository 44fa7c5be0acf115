locals {
  name = var.environment

  # Sizes per tier (docs/plugins/digitalocean.md has the monthly cost of each). Node and database slugs
  # are DigitalOcean's published size slugs.
  tiers = {
    small = {
      node_size      = "s-4vcpu-8gb"
      node_min       = 2
      node_max       = 3
      search_size    = "s-2vcpu-4gb"
      search_nodes   = 1
      database_size  = "db-s-1vcpu-2gb"
      database_nodes = 1
    }
    medium = {
      node_size      = "s-8vcpu-16gb"
      node_min       = 3
      node_max       = 5
      search_size    = "s-4vcpu-8gb"
      search_nodes   = 1
      database_size  = "db-s-2vcpu-4gb"
      database_nodes = 2
    }
    large = {
      node_size      = "g-8vcpu-32gb"
      node_min       = 3
      node_max       = 8
      search_size    = "s-8vcpu-16gb"
      search_nodes   = 3
      database_size  = "db-s-4vcpu-8gb"
      database_nodes = 3
    }
  }
  tier = local.tiers[var.size_tier]

  tags = ["csoc", "gen3", "csoc-${local.name}"]

  # Database and user names as the AWS plugin names them: <service>_<namespace>, underscores only.
  db_namespace = replace(var.namespace, "-", "_")
  database_names = {
    for service in var.database_services : service => "${replace(service, "-", "_")}_${local.db_namespace}"
  }

  # Remote key prefix the renderer's ExternalSecrets read: <environment>-<namespace>-<name>.
  secret_prefix = "${local.name}-${var.namespace}"

  # Elasticsearch 7 inside the commons namespace, plain HTTP as tube and guppy expect (the elastic 7.10.2
  # chart's service name with clusterName gen3-elasticsearch), unless the operator names another one.
  search_endpoint = coalesce(var.search_endpoint, "http://gen3-elasticsearch-master.${var.namespace}.svc.cluster.local:9200")
}
