# audit2grant: 3 grant(s) and 3 commented out (they need a consent or a check) from 9 denial(s). Review before applying.
# Needs the DC/OS provider (mesosphere/dcos); it encodes the "/" of a resource id itself.
# Resource names depend only on uid, resource and action: a later scan names the same grant the same.
# PARTIAL: a source failed (b.log): cannot read b.log: permission denied

resource "dcos_security_org_user_grant" "other_adminrouter_ops_mesos_full_bf23072c" {
  uid      = "other"
  resource = "dcos:adminrouter:ops:mesos"
  action   = "full"
}

# DANGEROUS: dcos:mesos:master:task:user:root create: Tasks as root, which is root on the agent host. Run tasks as that Linux user. ':root' or no suffix (= any user) is DANGEROUS: host-level root on agents.
# Commented out (DANGEROUS (tasks as root, which is root on the agent host): refused without --allow-dangerous (and then a confirmation, or --yes)): uncomment it only if you mean it.
# resource "dcos_security_org_user_grant" "svc_app_mesos_master_task_user_root_create_cc7a94b5" {
#   uid      = "svc-app"
#   resource = "dcos:mesos:master:task:user:root"
#   action   = "create"
# }

# SENSITIVE: dcos:adminrouter:package full: Cosmos package API (/package/, /cosmos/service/): install and uninstall packages.
# Commented out (SENSITIVE: granted unattended only with --yes): uncomment it only if you mean it.
# resource "dcos_security_org_user_grant" "svc_app_adminrouter_package_full_47b305b6" {
#   uid      = "svc-app"
#   resource = "dcos:adminrouter:package"
#   action   = "full"
# }

resource "dcos_security_org_user_grant" "svc_app_cluster_linker_read_61ab8fa1" {
  uid      = "svc-app"
  resource = "dcos:cluster:linker:*"
  action   = "read"
}

resource "dcos_security_org_user_grant" "svc_app_mesos_master_framework_role_slave_public_kafka_create_f46891cf" {
  uid      = "svc-app"
  resource = "dcos:mesos:master:framework:role:slave_public/kafka"
  action   = "create"
}

# Commented out (an inferred mapping: check the rid and action first): uncomment it only if you mean it.
# derived from CreateRunSpec /dev/app: inferred mapping, check it
# resource "dcos_security_org_user_grant" "svc_app_service_marathon_marathon_services_dev_app_create_1a7037e6" {
#   uid      = "svc-app"
#   resource = "dcos:service:marathon:marathon:services:/dev/app"
#   action   = "create"
# }

# skipped svc-app /slave(1)/state GET (1×): not a DC/OS permission id (/slave(1)/state): cannot be granted
