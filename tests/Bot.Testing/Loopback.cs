using System.Net;
using System.Net.Sockets;

namespace Makker.Testing;

public static class Loopback
{
    /// <summary>
    /// A port free on 127.0.0.1 right now, for a host that must know its own address before it starts (a
    /// webhook registers it). Another process could take it in between; on a test machine that is rare enough.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
