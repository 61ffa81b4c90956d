// Fields of the original JSON files that no Phoenix task reads. They are accepted (the real configuration
// has them) and listed here, with the reason, so the README can show them. Paths use `*` for any key/index.

export interface IgnoredField {
  file: 'phoenix_lxc_configs.json' | 'phoenix_vm_configs.json' | 'phoenix_hypervisor_config.json';
  path: string;
  reason: string;
}

const lxc = (path: string, reason: string): IgnoredField => ({ file: 'phoenix_lxc_configs.json', path, reason });
const vm = (path: string, reason: string): IgnoredField => ({ file: 'phoenix_vm_configs.json', path, reason });
const hyp = (path: string, reason: string): IgnoredField => ({ file: 'phoenix_hypervisor_config.json', path, reason });

export const ignoredFields: readonly IgnoredField[] = [
  lxc('/$schema', 'editor hint only; point it at config/schemas/lxc-configs.schema.json'),
  lxc('/nvidia_driver_version', 'read by the original in-guest NVIDIA health check; feature scripts carry their own version'),
  lxc('/nvidia_repo_url', 'input of the original host-side nvidia feature; Phoenix features are self-contained scripts'),
  lxc('/nvidia_runfile_url', 'input of the original host-side nvidia feature; Phoenix features are self-contained scripts'),
  lxc('/lxc_configs/*/portainer_role', 'only read by dead Portainer code in the original'),
  lxc('/lxc_configs/*/vllm_engine_config', 'read inside the container by the vLLM application script, not by Phoenix'),
  lxc('/lxc_configs/*/traefik_service', 'input of the original Traefik/DNS generators, which Phoenix does not port'),
  lxc('/lxc_configs/*/ports', 'unused by the original too'),
  lxc('/lxc_configs/*/trigger_sync_on_completion', 'triggers the original Portainer sync, which Phoenix does not port'),
  lxc('/lxc_configs/*/dns_records', 'unused by the original too'),
  lxc('/lxc_configs/*/health_checks', 'the original eval-ed these strings; Phoenix uses health_check (argv, no eval)'),
  lxc('/lxc_configs/*/volumes', 'not in the schema or the real config; use zfs_volumes or mount_points'),
  vm('/vm_defaults/template', 'unused by the original too; VMs are built from template_image or cloned'),
  vm('/vms/*/template', 'alternative image trigger of the original; use template_image'),
  vm('/vms/*/snapshots', 'lifecycle snapshot names of the original; Phoenix takes only template_snapshot_name, once'),
  vm('/vms/*/portainer_role', 'Portainer deployment is not a Phoenix task'),
  vm('/vms/*/portainer_environment_name', 'Portainer deployment is not a Phoenix task'),
  vm('/vms/*/portainer_agent_hostname', 'Portainer deployment is not a Phoenix task'),
  vm('/vms/*/traefik_service', 'input of the original Traefik/DNS generators, which Phoenix does not port'),
  vm('/vms/*/docker_stacks', 'deployed by the original Portainer sync, which Phoenix does not port'),
  vm('/vms/*/dns_records', 'unused by the original too'),
  vm('/vms/*/trigger_sync_on_completion', 'triggers the original Portainer sync, which Phoenix does not port'),
  vm('/vms/*/count', 'schema-only field of the original'),
  vm('/vms/*/qm_options', 'schema-only field of the original'),
  hyp('/version', 'file metadata only'),
  hyp('/author', 'file metadata only'),
  hyp('/core_paths', 'Phoenix finds its files through phoenix.config.yaml'),
  hyp('/network/default_subnet', 'unused by the original too'),
  hyp('/network/external_registry_url', 'unused by the original too'),
  hyp('/network/fallback_dns', 'unused by the original too'),
  hyp('/network/portainer_server_ip', 'Portainer deployment is not a Phoenix task'),
  hyp('/network/portainer_server_port', 'Portainer deployment is not a Phoenix task'),
  hyp('/network/portainer_agent_port', 'Portainer deployment is not a Phoenix task'),
  hyp('/docker', 'Portainer images; Portainer deployment is not a Phoenix task'),
  hyp('/portainer_api', 'Portainer deployment is not a Phoenix task (and it holds a plaintext password: remove it)'),
  hyp('/proxmox_defaults', 'legacy; unused by the original too'),
  hyp('/behavior', 'legacy; unused by the original too'),
  hyp('/shared_volumes/ssl_certs', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/shared_volumes/nginx_sites', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/shared_volumes/nginx_logs', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/shared_volumes/ollama_models', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/shared_volumes/llamacpp_models', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/shared_volumes/vllm_models', 'legacy per-container shares for CTIDs that no longer exist'),
  hyp('/zfs/datasets/*/storage_class', 'unused by the original too'),
  hyp('/nvidia_driver/cuda_version', 'unused by the original too'),
  hyp('/nvidia_driver/install_vllm_libs', 'unused by the original too'),
  hyp('/dns_server/authoritative_zones', 'unused by the original too'),
  hyp('/step_ca', 'CA names are hard-coded in the Step-CA application script'),
];
