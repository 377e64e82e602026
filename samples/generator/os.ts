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
