# Cloud foundation: an encryption key, a VPC from a /20, private subnets over the zones, one public subnet
# with the NAT gateway — the shape gen3-terraform builds on AWS.
# Identifiers are computed in locals (deterministic) and dependencies declared with depends_on: a
# terraform_data output is unknown after any change, and passing outputs along would make every change
# ripple through the whole plan, which real clouds do not do.

locals {
  vpc_id             = "vpc-sim${substr(local.id_seed, 0, 14)}"
  vpc_cidr           = "172.24.0.0/20"
  private_subnet_ids = { for zone in local.zones : zone => "subnet-sim${substr(sha256("${local.id_seed}/${zone}/private"), 0, 14)}" }
  public_subnet_id   = "subnet-sim${substr(sha256("${local.id_seed}/public"), 0, 14)}"
  nat_gateway_id     = "nat-sim${substr(local.id_seed, 14, 14)}"
  kms_key_id         = "sim-key-${substr(local.id_seed, 0, 12)}"
}

resource "terraform_data" "kms_key" {
  input = {
    simulated = true
    id        = local.kms_key_id
    alias     = "alias/${var.name}"
    region    = var.region
  }
  triggers_replace = [var.region]

  provisioner "local-exec" {
    command = local.commands["terraform_data.kms_key"]
  }
}

resource "terraform_data" "vpc" {
  input = {
    simulated = true
    id        = local.vpc_id
    name      = "${var.name}-vpc"
    cidr      = local.vpc_cidr
    region    = var.region
  }
  triggers_replace = [var.region]

  provisioner "local-exec" {
    command = local.commands["terraform_data.vpc"]
  }
}

resource "terraform_data" "private_subnet" {
  for_each = toset(local.zones)

  input = {
    simulated = true
    id        = local.private_subnet_ids[each.key]
    vpc_id    = local.vpc_id
    zone      = each.key
    cidr      = cidrsubnet(local.vpc_cidr, 2, index(local.zones, each.key))
  }
  depends_on = [terraform_data.vpc]

  provisioner "local-exec" {
    command = local.commands["terraform_data.private_subnet[\"${each.key}\"]"]
  }
}

resource "terraform_data" "public_subnet" {
  input = {
    simulated = true
    id        = local.public_subnet_id
    vpc_id    = local.vpc_id
    zone      = local.zones[0]
    cidr      = cidrsubnet(local.vpc_cidr, 4, 15)
  }
  depends_on = [terraform_data.vpc]

  provisioner "local-exec" {
    command = local.commands["terraform_data.public_subnet"]
  }
}

resource "terraform_data" "nat_gateway" {
  input = {
    simulated = true
    id        = local.nat_gateway_id
    subnet_id = local.public_subnet_id
  }
  depends_on = [terraform_data.public_subnet]

  provisioner "local-exec" {
    command = local.commands["terraform_data.nat_gateway"]
  }
}
