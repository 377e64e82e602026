// Operating-system profiles: what a node of that distribution writes where. Data, not code:
// a scenario names a profile and the renderers follow it.
export interface OsProfile {
  id: string;
  prettyName: string;
  osRelease: string; // /etc/os-release body
  redhatRelease?: string;
  systemd: number; // version: journalctl's boot separators and headers changed over time
  /** rsyslog files: RHEL writes messages + secure, Debian/Ubuntu syslog + kern.log + auth.log, none = journal only. */
  syslog: 'rhel' | 'debian' | 'none';
  /** Debian's rsyslog keeps the kernel's "[  123.456789]" stamp in kernel lines. */
  kernelMonoInSyslog: boolean;
  packages: 'rpm' | 'dpkg';
  kubeletIdent: string; // OpenShift runs the kubelet through kubenswrapper
}

/** The kernel banner's build part ("Linux version <r> <build> <version>"), as each distribution's builders sign it. */
export function kernelBuild(os: OsProfile, kernel: string): string {
  if (os.id === 'debian12') return `(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian ${kernel.replace(/-\d+-amd64$/, '')}.106-3 (2024-08-26)`;
  if (os.packages === 'dpkg') return `(buildd@lcy02-amd64-059) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #${kernel.split('-')[1] ?? '1'}-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024`;
  if (os.id === 'amzn2') return '(mockbuild@ip-10-0-1-12) (gcc version 7.3.1 20180712 (Red Hat 7.3.1-13) (GCC)) #1 SMP Tue Jul 13 19:40:54 UTC 2021';
  if (os.id === 'rhel7') return '(mockbuild@x86-vm-26.build.eng.bos.redhat.com) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Thu May 18 07:28:44 EDT 2023';
  if (os.id === 'rhel8') return '(mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc version 8.5.0 20210514 (Red Hat 8.5.0-18) (GCC)) #1 SMP Thu Aug 31 10:29:22 EDT 2023';
  return '(mockbuild@x86-64-01.build.eng.rdu2.redhat.com) (gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3), GNU ld version 2.35.2-43.el9) #1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:23:25 EDT 2024';
}

/** /proc/cmdline when a scenario does not name one. */
export function defaultCmdline(os: OsProfile, kernel: string): string {
  if (os.packages === 'dpkg') return `BOOT_IMAGE=/boot/vmlinuz-${kernel} root=UUID=6a1f0c3e-2b4d-4e8f-9a7c-1d2e3f4a5b6c ro console=tty1 console=ttyS0`;
  if (os.id === 'amzn2') return `BOOT_IMAGE=/boot/vmlinuz-${kernel} root=UUID=2c9f1a5e-8b7d-4c3a-9e6f-0d1b2a3c4d5e ro console=tty0 console=ttyS0,115200n8`;
  if (os.id === 'rhcos') return `BOOT_IMAGE=(hd0,gpt3)/ostree/rhcos-${'9f8e7d6c'}/vmlinuz-${kernel} rw ostree=/ostree/boot.1/rhcos/9f8e7d6c/0 ignition.platform.id=metal root=UUID=91e4f2a7-0c3b-4d5e-8f6a-7b8c9d0e1f2a rw rootflags=prjquota boot=UUID=3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f systemd.unified_cgroup_hierarchy=1 cgroup_no_v1=all psi=0`;
  return `BOOT_IMAGE=(hd0,gpt2)/vmlinuz-${kernel} root=/dev/mapper/rhel-root ro crashkernel=auto resume=/dev/mapper/rhel-swap rd.lvm.lv=rhel/root rhgb quiet`;
}

const rhel = (v: string, name: string, systemd: number): Pick<OsProfile, 'osRelease' | 'redhatRelease' | 'systemd'> => ({
  osRelease: `NAME="Red Hat Enterprise Linux"\nVERSION="${v} (${name})"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="${v}"\nPLATFORM_ID="platform:el${v.split('.')[0]}"\nPRETTY_NAME="Red Hat Enterprise Linux ${v} (${name})"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:redhat:enterprise_linux:${v}:GA"\nHOME_URL="https://www.redhat.com/"\n`,
  redhatRelease: `Red Hat Enterprise Linux release ${v} (${name})\n`,
  systemd,
});

export const OS_PROFILES: Record<string, OsProfile> = {
  rhel7: {
    id: 'rhel7', prettyName: 'Red Hat Enterprise Linux Server 7.9 (Maipo)',
    ...rhel('7.9', 'Maipo', 219),
    osRelease: 'NAME="Red Hat Enterprise Linux Server"\nVERSION="7.9 (Maipo)"\nID="rhel"\nID_LIKE="fedora"\nVARIANT="Server"\nVARIANT_ID="server"\nVERSION_ID="7.9"\nPRETTY_NAME="Red Hat Enterprise Linux Server 7.9 (Maipo)"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:redhat:enterprise_linux:7.9:GA:server"\n',
    redhatRelease: 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n',
    syslog: 'rhel', kernelMonoInSyslog: false, packages: 'rpm', kubeletIdent: 'kubelet',
  },
  rhel8: {
    id: 'rhel8', prettyName: 'Red Hat Enterprise Linux 8.8 (Ootpa)', ...rhel('8.8', 'Ootpa', 239),
    syslog: 'rhel', kernelMonoInSyslog: false, packages: 'rpm', kubeletIdent: 'kubelet',
  },
  rhel9: {
    id: 'rhel9', prettyName: 'Red Hat Enterprise Linux 9.4 (Plow)', ...rhel('9.4', 'Plow', 252),
    syslog: 'rhel', kernelMonoInSyslog: false, packages: 'rpm', kubeletIdent: 'kubelet',
  },
  rhcos: {
    id: 'rhcos', prettyName: 'Red Hat Enterprise Linux CoreOS 415.92.202403191241-0 (Plow)', systemd: 252,
    osRelease: 'NAME="Red Hat Enterprise Linux CoreOS"\nID="rhcos"\nID_LIKE="rhel fedora"\nVERSION="415.92.202403191241-0"\nVERSION_ID="4.15"\nVARIANT="CoreOS"\nVARIANT_ID=coreos\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Red Hat Enterprise Linux CoreOS 415.92.202403191241-0 (Plow)"\nOPENSHIFT_VERSION="4.15"\nRHEL_VERSION="9.2"\n',
    redhatRelease: 'Red Hat Enterprise Linux CoreOS release 4.15\n',
    syslog: 'none', kernelMonoInSyslog: false, packages: 'rpm', kubeletIdent: 'kubenswrapper',
  },
  amzn2: {
    id: 'amzn2', prettyName: 'Amazon Linux 2', systemd: 219,
    osRelease: 'NAME="Amazon Linux"\nVERSION="2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\nANSI_COLOR="0;33"\nCPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"\nHOME_URL="https://amazonlinux.com/"\n',
    syslog: 'rhel', kernelMonoInSyslog: false, packages: 'rpm', kubeletIdent: 'kubelet',
  },
  ubuntu1804: {
    id: 'ubuntu1804', prettyName: 'Ubuntu 18.04.6 LTS', systemd: 237,
    osRelease: 'NAME="Ubuntu"\nVERSION="18.04.6 LTS (Bionic Beaver)"\nID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 18.04.6 LTS"\nVERSION_ID="18.04"\nVERSION_CODENAME=bionic\nUBUNTU_CODENAME=bionic\n',
    syslog: 'debian', kernelMonoInSyslog: true, packages: 'dpkg', kubeletIdent: 'kubelet',
  },
  ubuntu2204: {
    id: 'ubuntu2204', prettyName: 'Ubuntu 22.04.4 LTS', systemd: 249,
    osRelease: 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nUBUNTU_CODENAME=jammy\n',
    syslog: 'debian', kernelMonoInSyslog: true, packages: 'dpkg', kubeletIdent: 'kubelet',
  },
  debian12: {
    id: 'debian12', prettyName: 'Debian GNU/Linux 12 (bookworm)', systemd: 252,
    osRelease: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n',
    syslog: 'none', kernelMonoInSyslog: false, packages: 'dpkg', kubeletIdent: 'kubelet',
  },
};
