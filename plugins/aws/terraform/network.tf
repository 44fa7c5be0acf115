# Network: a VPC over three availability zones with private subnets (Kubernetes, database, search)
# behind NAT and small public subnets (NAT gateways, internet-facing load balancers). Skipped when
# existing_vpc_id is given.
resource "aws_vpc" "main" {
  count = local.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = local.name }
}

# The default security group allows all traffic between its members; take every rule away.
resource "aws_default_security_group" "main" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.main[0].id

  tags = { Name = "${local.name}-default-deny" }
}

resource "aws_internet_gateway" "main" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.main[0].id

  tags = { Name = local.name }
}

# Private subnets: the first three quarters of the VPC (a /20 gives three /22, about 1,000 pod IPs each).
resource "aws_subnet" "private" {
  count = local.create_vpc ? 3 : 0

  vpc_id            = aws_vpc.main[0].id
  availability_zone = local.availability_zones[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 2, count.index)

  tags = merge(
    {
      Name                              = "${local.name}-private-${local.availability_zones[count.index]}"
      "kubernetes.io/role/internal-elb" = "1"
    },
    var.karpenter_enabled ? { "karpenter.sh/discovery" = local.name } : {},
  )
}

# Public subnets: three sixteenths of the VPC in its last quarter (a /20 gives three /24).
resource "aws_subnet" "public" {
  count = local.create_vpc ? 3 : 0

  vpc_id                  = aws_vpc.main[0].id
  availability_zone       = local.availability_zones[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 4, 12 + count.index)
  map_public_ip_on_launch = false

  tags = {
    Name                     = "${local.name}-public-${local.availability_zones[count.index]}"
    "kubernetes.io/role/elb" = "1"
  }
}

resource "aws_eip" "nat" {
  count  = local.create_vpc ? (var.nat_gateway_per_az ? 3 : 1) : 0
  domain = "vpc"

  tags = { Name = "${local.name}-nat-${count.index}" }
}

resource "aws_nat_gateway" "main" {
  count = local.create_vpc ? (var.nat_gateway_per_az ? 3 : 1) : 0

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags       = { Name = "${local.name}-nat-${count.index}" }
  depends_on = [aws_internet_gateway.main]
}

resource "aws_route_table" "public" {
  count  = local.create_vpc ? 1 : 0
  vpc_id = aws_vpc.main[0].id

  tags = { Name = "${local.name}-public" }
}

resource "aws_route" "public_internet" {
  count = local.create_vpc ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main[0].id
}

resource "aws_route_table_association" "public" {
  count = local.create_vpc ? 3 : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_route_table" "private" {
  count  = local.create_vpc ? 3 : 0
  vpc_id = aws_vpc.main[0].id

  tags = { Name = "${local.name}-private-${local.availability_zones[count.index]}" }
}

resource "aws_route" "private_nat" {
  count = local.create_vpc ? 3 : 0

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main[var.nat_gateway_per_az ? count.index : 0].id
}

resource "aws_route_table_association" "private" {
  count = local.create_vpc ? 3 : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# S3 traffic from the private subnets bypasses NAT (free gateway endpoint, saves NAT data charges).
resource "aws_vpc_endpoint" "s3" {
  count = local.create_vpc ? 1 : 0

  vpc_id            = aws_vpc.main[0].id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id

  tags = { Name = "${local.name}-s3" }
}

# In an existing VPC, Karpenter still finds its subnets by tag.
resource "aws_ec2_tag" "existing_subnet_karpenter_discovery" {
  for_each = !local.create_vpc && var.karpenter_enabled ? toset(var.existing_private_subnet_ids) : toset([])

  resource_id = each.value
  key         = "karpenter.sh/discovery"
  value       = local.name
}

# --- VPC flow logs -----------------------------------------------------------------------------
# Every accepted and rejected connection of the commons' VPC (created or existing), kept in an
# encrypted log group for log_retention_days: the record an incident review starts from.
resource "aws_cloudwatch_log_group" "vpc_flow_logs" {
  name              = "/aws/vpc/${local.name}/flow-logs"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.main.arn

  depends_on = [aws_kms_key_policy.main]
}

data "aws_iam_policy_document" "vpc_flow_logs_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["vpc-flow-logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_iam_role" "vpc_flow_logs" {
  name               = "${local.name}-vpc-flow-logs"
  description        = "VPC flow logs of commons ${local.name} into CloudWatch Logs"
  assume_role_policy = data.aws_iam_policy_document.vpc_flow_logs_trust.json
}

data "aws_iam_policy_document" "vpc_flow_logs" {
  statement {
    sid       = "WriteFlowLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = ["${aws_cloudwatch_log_group.vpc_flow_logs.arn}:*"]
  }
  statement {
    sid       = "FindLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "vpc_flow_logs" {
  name   = "vpc-flow-logs"
  role   = aws_iam_role.vpc_flow_logs.id
  policy = data.aws_iam_policy_document.vpc_flow_logs.json
}

resource "aws_flow_log" "main" {
  vpc_id                   = local.vpc_id
  traffic_type             = "ALL"
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.vpc_flow_logs.arn
  iam_role_arn             = aws_iam_role.vpc_flow_logs.arn
  max_aggregation_interval = 60

  tags = { Name = "${local.name}-flow-logs" }
}
