// NIC drivers say "link up" and "link down" each in their own words; the detectors must know
// them all, so the samples use several.
export interface Nic { name: string; driver: string; pci: string; speed: string }

export function linkUp(n: Nic): string {
  switch (n.driver) {
    case 'i40e': return `i40e ${n.pci} ${n.name}: NIC Link is Up, ${n.speed} Full Duplex, Requested FEC: None, Negotiated FEC: None, Autoneg: False, Flow Control: None`;
    case 'igb': return `igb ${n.pci} ${n.name}: igb: ${n.name} NIC Link is Up ${n.speed} Full Duplex, Flow Control: RX/TX`;
    case 'mlx5_core': return `mlx5_core ${n.pci} ${n.name}: Link up`;
    case 'bnxt_en': return `bnxt_en ${n.pci} ${n.name}: NIC Link is Up, ${n.speed} full duplex, Flow control: ON - receive & transmit`;
    default: return `ixgbe ${n.pci} ${n.name}: NIC Link is Up ${n.speed}, Flow Control: RX/TX`;
  }
}

export function linkDown(n: Nic): string {
  switch (n.driver) {
    case 'igb': return `igb ${n.pci} ${n.name}: igb: ${n.name} NIC Link is Down`;
    case 'mlx5_core': return `mlx5_core ${n.pci} ${n.name}: Link down`;
    default: return `${n.driver} ${n.pci} ${n.name}: NIC Link is Down`;
  }
}

export const HW = {
  dell: 'Dell Inc. PowerEdge R740/0YWR7D, BIOS 2.19.1 06/07/2023',
  hpe: 'HPE ProLiant DL360 Gen10/ProLiant DL360 Gen10, BIOS U32 11/13/2023',
  supermicro: 'Supermicro SYS-1029P-WTR/X11DDW-L, BIOS 3.8a 10/20/2022',
  vmware: 'VMware, Inc. VMware Virtual Platform/440BX Desktop Reference Platform, BIOS 6.00 11/12/2020',
  kvm: 'Red Hat KVM/RHEL, BIOS 1.16.0-4.el9 04/01/2014',
  ec2: 'Amazon EC2 m5.2xlarge/, BIOS 1.0 10/16/2017',
} as const;
