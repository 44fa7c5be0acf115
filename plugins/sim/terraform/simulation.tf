# The simulation: which resources exist (their addresses), how long each takes, and which fail.
# Failure by share uses deterministic dice: sha256(seed/address), so a seed reproduces the same failures.

locals {
  zone_count = var.size_tier == "small" ? 2 : 3
  zones      = [for suffix in slice(["a", "b", "c"], 0, local.zone_count) : "${var.region}${suffix}"]

  bucket_names = toset(concat(["data", "logs", "manifest"], var.buckets))

  namespace = var.namespace != "" ? var.namespace : var.name

  # Resources the simulation leaves out on purpose (simulation.skip_resources), to show what a deploy does
  # when the cloud lacks them; matched like fail_at_resource.
  skipped = toset(var.simulation.skip_resources)
  keep = { for address in concat(
    [for secret in local.all_secret_names : "terraform_data.secret[\"${secret}\"]"],
    [for role in var.role_names : "terraform_data.role[\"${role}\"]"],
    ) : address => !anytrue([for target in local.skipped : (
      address == target || trimprefix(address, "terraform_data.") == target
  )]) }

  # The master credentials and every entry of the AWS design (commons_secret_names, full names
  # "<name>-<namespace>-..."), keyed without the leading "<name>-".
  all_secret_names = toset(concat(
    ["aurora-master-password"],
    [for secret in var.commons_secret_names : trimprefix(secret, "${var.name}-")],
  ))
  secret_names = toset([for secret in local.all_secret_names : secret if local.keep["terraform_data.secret[\"${secret}\"]"]])
  role_names   = toset([for role in var.role_names : role if local.keep["terraform_data.role[\"${role}\"]"]])

  addresses = concat(
    ["terraform_data.kms_key", "terraform_data.vpc", "terraform_data.public_subnet", "terraform_data.nat_gateway"],
    [for zone in local.zones : "terraform_data.private_subnet[\"${zone}\"]"],
    ["terraform_data.cluster", "terraform_data.oidc_provider", "terraform_data.node_group", "terraform_data.database"],
    var.search_enabled ? ["terraform_data.search[0]"] : [],
    [for bucket in local.bucket_names : "terraform_data.bucket[\"${bucket}\"]"],
    [for secret in local.secret_names : "terraform_data.secret[\"${secret}\"]"],
    [for role in local.role_names : "terraform_data.role[\"${role}\"]"],
  )

  seed   = var.simulation.seed != "" ? var.simulation.seed : var.run_id
  target = var.simulation.fail_at_resource

  # A target matches the full address, the address without "terraform_data.", or the resource name alone
  # (so "bucket" fails every bucket, "bucket[\"logs\"]" only the logs bucket).
  fails = {
    for address in local.addresses : address => (
      local.target != "" && (
        address == local.target ||
        trimprefix(address, "terraform_data.") == local.target ||
        replace(trimprefix(address, "terraform_data."), "/\\[.*\\]$/", "") == local.target
      )
    ) || parseint(substr(sha256("${local.seed}/${address}"), 0, 8), 16) / 4294967296 < var.simulation.fail_apply_share
  }

  delay = var.simulation.resource_delay_seconds

  commands = {
    for address, fail in local.fails : address => (
      fail
      ? "echo '[simulated] injected failure while creating ${address}' >&2; exit 1"
      : "echo '[simulated] creating ${address}'; sleep ${local.delay}"
    )
  }

  # Stable fake identifiers: the same commons always gets the same ids, so plans stay quiet.
  id_seed = sha256("${var.name}/${var.region}")
}
