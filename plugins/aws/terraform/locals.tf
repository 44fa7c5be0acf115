# Names and values derived from the inputs, shared by every file of the module.
locals {
  name       = var.environment
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix

  # Availability zones: given, or the first three letters of the region (true for most regions;
  # regions whose zones are named otherwise, such as us-west-1, need availability_zones set).
  availability_zones = var.availability_zones != null ? var.availability_zones : [for letter in ["a", "b", "c"] : "${var.region}${letter}"]

  create_vpc         = var.existing_vpc_id == null
  vpc_id             = local.create_vpc ? aws_vpc.main[0].id : var.existing_vpc_id
  private_subnet_ids = local.create_vpc ? aws_subnet.private[*].id : var.existing_private_subnet_ids
  public_subnet_ids  = local.create_vpc ? aws_subnet.public[*].id : coalesce(var.existing_public_subnet_ids, [])

  # The account comes from an ARN the module creates, so planning needs no sts:GetCallerIdentity call.
  account_id = var.account_id != null ? var.account_id : split(":", aws_kms_key.main.arn)[4]

  bucket_prefix = coalesce(var.bucket_prefix, var.environment)
  # Database names and users are PostgreSQL identifiers: no hyphens.
  db_namespace = replace(var.namespace, "-", "_")

  # Graviton instance families (m7g, c6gn, r8g, t4g, ...) need the arm64 AMI.
  node_arch_arm64 = can(regex("^[a-z]+[0-9]+g[a-z]*\\.", var.node_instance_types[0]))

  tags = merge(var.tags, {
    "csoc:commons"    = var.environment
    "csoc:namespace"  = var.namespace
    "csoc:managed-by" = "csoc-plugin-aws"
  })
}
