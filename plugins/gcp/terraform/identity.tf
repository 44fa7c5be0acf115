# Workload Identity: one Google service account per Gen3 service that calls Google APIs, each trusted by
# exactly one Kubernetes service account <namespace>/<name> (the names the gen3 charts create; the
# renderer annotates them with iam.gke.io/gcp-service-account). external_secrets is the SecretStore's.
locals {
  workload_identities = {
    fence            = { account_id = "${local.name}-fence", service_account = "fence-sa" }
    audit            = { account_id = "${local.name}-audit", service_account = "audit-service-sa" }
    hatchery         = { account_id = "${local.name}-hatchery", service_account = "hatchery-service-account" }
    manifestservice  = { account_id = "${local.name}-manifest", service_account = "manifestservice-sa" }
    external_secrets = { account_id = "${local.name}-eso", service_account = "gcp-secret-store-sa" }
  }
}

resource "google_service_account" "workload" {
  for_each = local.workload_identities

  account_id   = each.value.account_id
  project      = var.project_id
  display_name = "Gen3 ${each.key} of commons ${local.name}"
  description  = "Workload Identity of ${var.namespace}/${each.value.service_account}"

  depends_on = [google_project_service.enabled]
}

resource "google_service_account_iam_member" "workload_identity" {
  for_each = local.workload_identities

  service_account_id = google_service_account.workload[each.key].name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${local.workload_pool}[${var.namespace}/${each.value.service_account}]"

  # The pool exists once the cluster has Workload Identity on.
  depends_on = [google_container_cluster.main]
}
