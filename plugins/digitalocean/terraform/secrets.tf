# DigitalOcean has no secret manager (docs/adr/0057-digitalocean-secrets-without-a-secret-manager.md). The
# credentials this module generates reach the cluster as Kubernetes Secrets in var.secrets_namespace, named
# <environment>-<namespace>-<name> like the remote keys the renderer's ExternalSecrets read: at the end of
# apply, terraform_data.cluster_secrets calls the plugin back (CSOC_DO_WRITE_SECRETS_COMMAND, set by
# plugins/digitalocean/src/main.ts), which writes them with the Kubernetes API. The values travel in the
# provisioner's environment, marked sensitive, so Terraform prints neither them nor the step's output, and
# no output of this module carries them. The step also creates, once, the composite secrets no resource
# generates (fence-config, fence-jwt-keys, the g3auto configurations, indexd's service passwords). They are in the Terraform state (DigitalOcean returns passwords and
# keys as resource attributes), which CSOC's state backend keeps encrypted.
locals {
  cluster_secrets = merge(
    {
      for service, name in local.database_names : "${local.secret_prefix}-${service}-creds" => {
        host      = digitalocean_database_cluster.main.private_host
        port      = tostring(digitalocean_database_cluster.main.port)
        database  = digitalocean_database_db.service[service].name
        username  = digitalocean_database_user.service[service].name
        password  = digitalocean_database_user.service[service].password
        dbcreated = "true"
      }
    },
    {
      "${local.secret_prefix}-spaces-creds" = {
        access_key_id     = digitalocean_spaces_key.commons.access_key
        secret_access_key = digitalocean_spaces_key.commons.secret_key
        endpoint          = "https://${var.region}.digitaloceanspaces.com"
        region            = var.region
      }
    },
  )
}

resource "terraform_data" "cluster_secrets" {
  count = var.write_cluster_secrets ? 1 : 0

  # Written again when the cluster, a credential or the set of secrets changes (a hash: no value in clear).
  triggers_replace = {
    cluster = digitalocean_kubernetes_cluster.main.id
    names   = join(",", sort(keys(local.cluster_secrets)))
    values  = sha256(jsonencode(local.cluster_secrets))
  }

  depends_on = [digitalocean_kubernetes_node_pool.search, digitalocean_database_firewall.main]

  provisioner "local-exec" {
    command = "eval \"$${CSOC_DO_WRITE_SECRETS_COMMAND:?is set by the CSOC digitalocean plugin: run this module through the plugin}\""
    environment = {
      CSOC_DO_KUBE_HOST         = digitalocean_kubernetes_cluster.main.endpoint
      CSOC_DO_KUBE_CA           = sensitive(digitalocean_kubernetes_cluster.main.kube_config[0].cluster_ca_certificate)
      CSOC_DO_KUBE_TOKEN        = sensitive(digitalocean_kubernetes_cluster.main.kube_config[0].token)
      CSOC_DO_SECRETS_NAMESPACE = var.secrets_namespace
      CSOC_DO_COMMONS_NAMESPACE = var.namespace
      CSOC_DO_SECRET_PREFIX     = local.secret_prefix
      CSOC_DO_HOSTNAME          = coalesce(var.hostname, "${local.name}.invalid")
      CSOC_DO_MANIFEST_BUCKET   = digitalocean_spaces_bucket.main["manifest"].name
      CSOC_DO_SECRETS           = sensitive(jsonencode(local.cluster_secrets))
    }
  }
}
